#!/usr/bin/env bash
# Installs the peers the benchmarks compare marsad with, all from Debian:
# Snowball (libstemmer), NLTK's ISRI stemmer, Lucene 4.10 with its
# ArabicAnalyzer, Xapian, scikit-learn, and a JDK to build the Lucene runners.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh libstemmer-dev liblucene4.10-java default-jdk-headless \
  python3-nltk python3-xapian libxapian-dev python3-sklearn hyperfine bc
