# ---- the SQLite extension libmarsad_fts5 -------------------------------------
# A loadable module for the sqlite3 shell (".load ./libmarsad_fts5"): the FTS5
# tokenizer "marsad" and the ranking function of the store, built from
# src/sqlite_ext/ over the library's objects. Included from CMakeLists.txt
# after the library targets; it lands beside the marsad command, where
# tests/e2e/store_extension.sh looks for it.
add_library(marsad_fts5 MODULE ${PROJECT_SOURCE_DIR}/src/sqlite_ext/marsad_fts5.c)
target_link_libraries(marsad_fts5 PRIVATE marsad_obj)
set_target_properties(marsad_fts5 PROPERTIES
  PREFIX "lib" OUTPUT_NAME marsad_fts5
  LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
install(TARGETS marsad_fts5 LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/marsad)
