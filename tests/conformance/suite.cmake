# The CEL project's conformance suites (npm @bufbuild/cel-spec) against levin eval.
add_test(NAME conformance/cel-spec
         COMMAND sh ${PROJECT_SOURCE_DIR}/tests/conformance/run.sh $<TARGET_FILE:levin>)
set_tests_properties(conformance/cel-spec PROPERTIES LABELS conformance TIMEOUT 1500)
