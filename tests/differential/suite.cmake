# Random well-typed CEL expressions, Levin against @bufbuild/cel (seeded, so
# a failure reproduces), and the comparator's own self-test.
add_test(NAME differential/bufbuild-cel
         COMMAND sh ${PROJECT_SOURCE_DIR}/tests/differential/run.sh $<TARGET_FILE:levin> --count 3000 --seed 1)
set_tests_properties(differential/bufbuild-cel PROPERTIES LABELS differential TIMEOUT 1500)
add_test(NAME differential/selftest COMMAND node ${PROJECT_SOURCE_DIR}/tests/differential/selftest.mjs)
set_tests_properties(differential/selftest PROPERTIES LABELS differential)
