# The rule index (compiler/driver/dispatch.c) changes nothing but speed.
add_test(NAME dispatch/equivalence COMMAND sh ${PROJECT_SOURCE_DIR}/tests/dispatch/run.sh $<TARGET_FILE:levin>)
set_tests_properties(dispatch/equivalence PROPERTIES LABELS dispatch TIMEOUT 900)
