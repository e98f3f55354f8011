# Runs `ktpsim check NAME.json` inside DIR and compares with the expectation:
#   EXPECT=invalid: exit status 2 and stderr exactly equal to NAME.expected;
#   EXPECT=valid:   exit status 0 and nothing on stderr.
# Usage: cmake -DKTPSIM=... -DDIR=... -DNAME=... -DEXPECT=invalid|valid -P run_check.cmake
execute_process(COMMAND ${KTPSIM} check ${NAME}.json WORKING_DIRECTORY ${DIR}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(EXPECT STREQUAL "valid")
  if(NOT status EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "${NAME}.json: expected valid (exit 0), got exit ${status}:\n${err}")
  endif()
  return()
endif()
file(READ ${DIR}/${NAME}.expected expected)
if(NOT status EQUAL 2)
  message(FATAL_ERROR "${NAME}.json: expected exit status 2, got ${status}\nstderr:\n${err}")
endif()
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "${NAME}.json: stderr differs.\n--- expected\n${expected}--- got\n${err}")
endif()
