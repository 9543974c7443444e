// LuceneStem.java — Lucene 4.10's Arabic analysis chain as a filter: each
// input line is a word, each output line "word<TAB>stem", the stem being
// what ArabicNormalizationFilter + ArabicStemFilter make of it (the chain
// of ArabicAnalyzer without its stopword list, which would drop words).
// A peer for bench/stem/run.sh.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

public class LuceneStem {
	public static void main(String[] args) throws Exception {
		BufferedReader in = new BufferedReader(
			new InputStreamReader(System.in, StandardCharsets.UTF_8));
		PrintStream out = new PrintStream(System.out, false, "UTF-8");
		String word;
		while ((word = in.readLine()) != null) {
			TokenStream ts = new ArabicStemFilter(
				new ArabicNormalizationFilter(
					new KeywordTokenizer(new StringReader(word))));
			CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
			ts.reset();
			String stem = ts.incrementToken() ? term.toString() : "";
			ts.end();
			ts.close();
			out.println(word + "\t" + stem);
		}
		out.flush();
	}
}
