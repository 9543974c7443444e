"""The peer for bench/tokens: NLTK's ISRI Arabic stemmer over a text file,
words by \\w+, one output line of stems per input line, like
`marsad tokens`."""
import re
import sys

from nltk.stem.isri import ISRIStemmer


def main(path):
    stemmer = ISRIStemmer()
    word = re.compile(r"\w+")
    out = sys.stdout
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            out.write(" ".join(stemmer.stem(w) for w in word.findall(line)))
            out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
