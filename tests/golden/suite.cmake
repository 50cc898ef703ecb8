# Golden tests of `levin check`: expected diagnostics, exit codes and output
# formats for every case in tests/golden/check/ (see run_check.sh).
add_test(NAME golden/check COMMAND sh ${PROJECT_SOURCE_DIR}/tests/golden/run_check.sh $<TARGET_FILE:levin>)
set_tests_properties(golden/check PROPERTIES LABELS golden)

# `levin eval` transcripts live under tests/golden/eval/ with their own runner.
include(${PROJECT_SOURCE_DIR}/tests/golden/eval/suite.cmake)
