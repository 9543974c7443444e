/*
 * LuceneArabic — the peer for bench/tokens: Lucene 4.10's ArabicAnalyzer
 * (standard tokenizer, lower case, stopwords, Arabic normalization, light
 * stemming) over a text file, one output line of terms per input line,
 * like `marsad tokens`.
 */
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

public class LuceneArabic {
	public static void main(String[] args) throws Exception {
		ArabicAnalyzer analyzer = new ArabicAnalyzer();
		BufferedReader in = new BufferedReader(new InputStreamReader(
			new FileInputStream(args[0]), StandardCharsets.UTF_8), 1 << 16);
		Writer out = new BufferedWriter(new OutputStreamWriter(
			new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
			1 << 16);
		String line;
		while ((line = in.readLine()) != null) {
			try (TokenStream ts = analyzer.tokenStream("text", line)) {
				CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
				ts.reset();
				boolean first = true;
				while (ts.incrementToken()) {
					if (!first)
						out.write(' ');
					first = false;
					out.write(term.buffer(), 0, term.length());
				}
				ts.end();
			}
			out.write('\n');
		}
		out.flush();
	}
}
