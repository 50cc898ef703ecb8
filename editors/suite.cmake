# Editor support (editors/): the VS Code, Vim and Emacs plugins, tested
# headlessly against the levin binary (flymake) and the lexer's keyword list.
add_test(NAME editors COMMAND sh ${PROJECT_SOURCE_DIR}/editors/run_tests.sh $<TARGET_FILE:levin>)
set_tests_properties(editors PROPERTIES LABELS editors TIMEOUT 900)
