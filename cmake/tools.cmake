# tools.cmake — developer tools built beside the library (not installed).
#
# train_ner: trains data/ner_model.txt from NewsFANE (see tools/train_ner.c):
#   build/train_ner --newsfane ../shared/eval/ner/newsfane-gold-170k.txt \
#     --exclude ../shared/eval/ner/anercorp-camel-test.txt \
#     --epochs 16 --dropout 0.2 --seed 1 --out data/ner_model.txt
add_executable(train_ner tools/train_ner.c)
target_include_directories(train_ner PRIVATE ${PROJECT_SOURCE_DIR}/src/lib)
target_link_libraries(train_ner PRIVATE marsad_static m)
