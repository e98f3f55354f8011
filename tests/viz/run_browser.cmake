# Renders report.html of a sample result folder in headless Chromium and checks that every
# plot image loaded (the page's own script counts images with naturalWidth > 0 into
# <body data-images-loaded>). Then deletes one image and checks the count drops, so the
# check itself is known to work. Args: -DSAMPLE=viz_sample_report -DWORK=scratch folder.
find_program(CHROMIUM NAMES chromium chromium-browser)
if(NOT CHROMIUM)
  message(FATAL_ERROR "chromium not found: this test needs headless Chromium; "
                      "install it with `apt-get install chromium`")
endif()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${SAMPLE} ${WORK}/results RESULT_VARIABLE status
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "viz_sample_report failed (${status}): ${out}${err}")
endif()

function(render expect_loaded)
  string(RANDOM LENGTH 12 tag)
  set(profile ${WORK}/profile-${tag})
  file(MAKE_DIRECTORY ${profile})
  execute_process(
    COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
            --disable-background-networking --disable-component-update --disable-sync
            --user-data-dir=${profile} --virtual-time-budget=5000
            --dump-dom file://${WORK}/results/report.html
    RESULT_VARIABLE status OUTPUT_VARIABLE dom ERROR_VARIABLE err TIMEOUT 120)
  file(REMOVE_RECURSE ${profile})
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "chromium failed (${status}): ${err}")
  endif()
  string(REGEX MATCH "<body[^>]*>" body "${dom}")
  if(NOT body MATCHES "data-images-total=\"9\"")
    message(FATAL_ERROR "expected 9 plots in the page, found body: '${body}'")
  endif()
  if(NOT body MATCHES "data-images-loaded=\"${expect_loaded}\"")
    message(FATAL_ERROR "expected ${expect_loaded} images loaded, found body: '${body}'")
  endif()
  message(STATUS "chromium: ${body}")
endfunction()

render(9)
file(REMOVE ${WORK}/results/plots/ikd.png)
render(8)
file(REMOVE_RECURSE ${WORK})
