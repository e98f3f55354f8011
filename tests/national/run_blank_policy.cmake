# Runs scenarios/tools/gen_blank_policy.py as a user would: `--help` must write nothing (it
# used to regenerate the tracked scenarios), and a run into a scratch folder must give files
# equal to the committed blank-policy-{pull,push}.json byte for byte.
set(copy ${WORK}/blank_policy)
file(REMOVE_RECURSE ${copy})
file(MAKE_DIRECTORY ${copy}/tools)
file(COPY ${SRC}/scenarios/tools/gen_blank_policy.py DESTINATION ${copy}/tools)
file(COPY ${SRC}/scenarios/national.json DESTINATION ${copy})
execute_process(COMMAND ${PYTHON} ${copy}/tools/gen_blank_policy.py --help
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "usage: gen_blank_policy.py")
  message(FATAL_ERROR "--help: status ${rc}, output [${out}]")
endif()
if(EXISTS ${copy}/blank-policy-pull.json OR EXISTS ${copy}/blank-policy-push.json)
  message(FATAL_ERROR "--help wrote the scenarios")
endif()
execute_process(COMMAND ${PYTHON} ${SRC}/scenarios/tools/gen_blank_policy.py
                        --out-dir ${copy} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_blank_policy.py failed (${rc}): ${err}")
endif()
foreach(policy pull push)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${copy}/blank-policy-${policy}.json
                          ${SRC}/scenarios/blank-policy-${policy}.json RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "scenarios/blank-policy-${policy}.json differs from the generator's output")
  endif()
endforeach()
