# Runs gen_national as a user would and compares its files with the committed ones byte for
# byte; then checks that a missing data directory gives exit status 2 and FILE: message.
execute_process(COMMAND ${GEN} --data ${SRC}/data --out ${WORK}/national.json
                        --table ${WORK}/national-regions.csv
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_national failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${GEN} --data ${SRC}/data --profile 2020-06 --out ${WORK}/june.json
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_national --profile 2020-06 failed (${rc}): ${err}")
endif()
foreach(pair "national.json;scenarios/national.json"
             "national-regions.csv;scenarios/tools/national-regions.csv"
             "june.json;scenarios/national-2020-06.json")
  list(GET pair 0 fresh)
  list(GET pair 1 committed)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${fresh} ${SRC}/${committed}
                  RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "${committed} differs from gen_national's output: "
                        "rebuild it with `cmake --build BUILD --target national_json`")
  endif()
endforeach()
if(EXISTS ${WORK}/national.json.tmp)
  message(FATAL_ERROR "temporary file left behind")
endif()

execute_process(COMMAND ${GEN} --data ${WORK}/no-such-dir --out ${WORK}/never.json
                RESULT_VARIABLE rc ERROR_VARIABLE err)
set(want "${WORK}/no-such-dir/idn-area/provinces.csv: cannot open: No such file or directory\n")
if(NOT rc EQUAL 2 OR NOT err STREQUAL want OR EXISTS ${WORK}/never.json)
  message(FATAL_ERROR "bad data dir: status ${rc}, stderr [${err}], want 2 and [${want}]")
endif()
execute_process(COMMAND ${GEN} --data ${SRC}/data --out x.json --profile 2019
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "^usage: gen_national" OR EXISTS x.json)
  message(FATAL_ERROR "unknown profile: status ${rc}, stderr [${err}]")
endif()
execute_process(COMMAND ${GEN} --out x.json RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "^usage: gen_national")
  message(FATAL_ERROR "usage: status ${rc}, stderr [${err}]")
endif()
