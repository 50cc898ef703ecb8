# End-to-end tests of levind against a real nats-server (tests/e2e/run.py),
# and natsio, the small NATS client they and `make demo` use.
add_executable(natsio ${PROJECT_SOURCE_DIR}/tests/tools/natsio.c)
target_link_libraries(natsio PRIVATE levin_std PkgConfig::NATS Threads::Threads)
set_target_properties(natsio PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})

add_test(NAME e2e/levind
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/e2e/run.py
                 --levind $<TARGET_FILE:levind> --natsio $<TARGET_FILE:natsio> --levin $<TARGET_FILE:levin>)
# LEVIN_E2E_EVENTS (default 100000) sets the events of the reload-under-load
# scenario; it takes about 6 s here, 13 s under ASan+UBSan.
set_tests_properties(e2e/levind PROPERTIES LABELS e2e TIMEOUT 900 RUN_SERIAL TRUE)

# `levin run` golden tests live under tests/golden/run/ with their own
# suite file, which the suite glob (tests/*/suite.cmake) does not reach.
include(${PROJECT_SOURCE_DIR}/tests/golden/run/suite.cmake)
