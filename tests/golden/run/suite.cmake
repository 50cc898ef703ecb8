# Golden tests of `levin run`: rule files and event lines in, the exact
# action lines out (tests/golden/run/run.sh). Included by
# tests/e2e/suite.cmake, since the suite glob reaches only tests/*/.
include_guard(GLOBAL)
add_test(NAME golden/run COMMAND sh ${PROJECT_SOURCE_DIR}/tests/golden/run/run.sh $<TARGET_FILE:levin>)
set_tests_properties(golden/run PROPERTIES LABELS golden)
