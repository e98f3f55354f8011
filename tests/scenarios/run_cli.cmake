# Runs ktpsim with ARGS (a ;-list) and checks its exit status (STATUS) and that stdout+stderr
# contain the text EXPECT (optional). Usage:
#   cmake -DKTPSIM=... "-DARGS=run;--help" -DSTATUS=0 "-DEXPECT=usage: ktpsim run" -P run_cli.cmake
execute_process(COMMAND ${KTPSIM} ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT status EQUAL STATUS)
  message(FATAL_ERROR "ktpsim ${ARGS}: expected exit ${STATUS}, got ${status}\n${out}${err}")
endif()
if(DEFINED EXPECT)
  string(FIND "${out}${err}" "${EXPECT}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "ktpsim ${ARGS}: output lacks \"${EXPECT}\":\n${out}${err}")
  endif()
endif()
