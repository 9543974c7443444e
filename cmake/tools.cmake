# tools.cmake — developer tools built beside the library (not installed).
#
# train_ner: trains data/ner_model.txt from NewsFANE; the command that
# makes the shipped model is in the header of tools/train_ner.c.
add_executable(train_ner tools/train_ner.c)
target_include_directories(train_ner PRIVATE ${PROJECT_SOURCE_DIR}/src/lib)
target_link_libraries(train_ner PRIVATE marsad_static m)

# ner_clusters: distributional word classes data/ner_clusters.txt from
# unlabeled news text (see tools/ner_clusters.c):
#   build/ner_clusters --extra 60000 --out data/ner_clusters.txt \
#     ../shared/eval/saudinewsnet/*.jsonl.gz ../shared/eval/ant/*.jsonl.gz
add_executable(ner_clusters tools/ner_clusters.c)
target_include_directories(ner_clusters PRIVATE ${PROJECT_SOURCE_DIR}/src/lib)
target_link_libraries(ner_clusters PRIVATE marsad_static PkgConfig::DEPS m)
