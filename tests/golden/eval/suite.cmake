# Golden tests of `levin eval`: transcripts of commands and their exact
# output and exit status (tests/golden/eval/run.sh). Included by
# tests/golden/suite.cmake.
include_guard(GLOBAL)
add_test(NAME golden/eval COMMAND sh ${PROJECT_SOURCE_DIR}/tests/golden/eval/run.sh $<TARGET_FILE:levin>)
set_tests_properties(golden/eval PROPERTIES LABELS golden)
