/*
 * LuceneRun — peer: Lucene 4.10 with its ArabicAnalyzer (normalization,
 * light stemming, stopwords) and BM25Similarity, title and body fields,
 * the query parsed over both with OR as default operator (special
 * characters escaped). Indexes corpus.tsv in memory (RAMDirectory),
 * searches each query, writes the ranked urls as query-url<TAB>rank<TAB>url,
 * and prints one JSON line of timings.
 *
 * usage: java -cp LUCENE_JARS:. LuceneRun CORPUS.tsv QUERIES.tsv RUN.tsv
 *            [QUERIES.tsv RUN.tsv...]   (timings are the first set's)
 */
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.*;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Version;

public class LuceneRun {
	static final int DEPTH = 150;

	public static void main(String[] args) throws Exception {
		Analyzer an = new ArabicAnalyzer(Version.LUCENE_4_10_4);
		RAMDirectory dir = new RAMDirectory();
		IndexWriterConfig cfg = new IndexWriterConfig(Version.LUCENE_4_10_4, an);
		cfg.setSimilarity(new BM25Similarity());
		cfg.setRAMBufferSizeMB(256);
		long t0 = System.nanoTime();
		try (IndexWriter w = new IndexWriter(dir, cfg);
		     BufferedReader in = new BufferedReader(new InputStreamReader(
			     new FileInputStream(args[0]), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				String[] r = line.split("\t", -1);
				if (r.length != 4)
					continue;
				Document d = new Document();
				d.add(new StringField("url", r[0], Field.Store.YES));
				d.add(new TextField("title", r[2], Field.Store.NO));
				d.add(new TextField("body", r[3], Field.Store.NO));
				w.addDocument(d);
			}
		}
		double indexS = (System.nanoTime() - t0) / 1e9;
		IndexSearcher s = new IndexSearcher(DirectoryReader.open(dir));
		s.setSimilarity(new BM25Similarity());
		MultiFieldQueryParser qp = new MultiFieldQueryParser(
			Version.LUCENE_4_10_4, new String[] {"title", "body"}, an);
		qp.setDefaultOperator(QueryParser.Operator.OR);
		List<Double> lat = null;
		for (int k = 1; k + 1 < args.length; k += 2) {
			List<Double> l = search(s, qp, args[k], args[k + 1]);
			if (lat == null)
				lat = l;
		}
		Collections.sort(lat);
		System.out.printf(Locale.ROOT,
			"{\"system\": \"lucene\", \"index_s\": %.2f, \"p50_ms\": %.2f, \"p99_ms\": %.2f}%n",
			indexS, lat.get(lat.size() / 2),
			lat.get(Math.min(lat.size() - 1, (int) (0.99 * lat.size()))));
	}

	/* Runs every query of one file; returns the latencies in ms. */
	static List<Double> search(IndexSearcher s, QueryParser qp, String queries,
				   String run) throws IOException {
		List<Double> lat = new ArrayList<>();
		try (BufferedReader in = new BufferedReader(new InputStreamReader(
			     new FileInputStream(queries), StandardCharsets.UTF_8));
		     PrintWriter out = new PrintWriter(new OutputStreamWriter(
			     new FileOutputStream(run), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				String[] r = line.split("\t", 3);
				if (r.length != 3)
					continue;
				long q0 = System.nanoTime();
				TopDocs top;
				try {
					top = s.search(qp.parse(QueryParser.escape(r[2])), DEPTH);
				} catch (ParseException e) {
					top = new TopDocs(0, new ScoreDoc[0], 0);
				}
				List<String> urls = new ArrayList<>();
				for (ScoreDoc sd : top.scoreDocs)
					urls.add(s.doc(sd.doc).get("url"));
				lat.add((System.nanoTime() - q0) / 1e6);
				for (int i = 0; i < urls.size(); i++)
					out.println(r[0] + "\t" + (i + 1) + "\t" + urls.get(i));
			}
		}
		return lat;
	}
}
