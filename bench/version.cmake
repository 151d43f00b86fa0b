# Writes OUT (version.h) with HVT_BENCH_VERSION = `git describe` of SRC, or
# PROJECT_VERSION_FALLBACK outside a git checkout. Runs at every build and
# rewrites the file only when the text changes, so nothing rebuilds needlessly.
execute_process(
  COMMAND git -C "${SRC}" describe --always --dirty --tags
  OUTPUT_VARIABLE _describe OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE _rc ERROR_QUIET)
if(NOT _rc EQUAL 0 OR _describe STREQUAL "")
  set(_describe "${FALLBACK}")
endif()
set(_text "#define HVT_BENCH_VERSION \"${_describe}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" _old)
  if(_old STREQUAL _text)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${_text}")
