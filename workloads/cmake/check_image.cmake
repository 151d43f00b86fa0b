# cmake -DREADELF=... -DIMAGE=... -DBASE=0x100000 -P check_image.cmake
# Sanity checks on a linked guest image, so a broken link fails the build
# instead of a run: a static x86-64 executable, no interpreter or dynamic
# section, every PT_LOAD at or above BASE with vaddr == paddr (the VMM loads
# by physical address and the guest runs identity mapped), and the entry
# point inside .text.
foreach(v READELF IMAGE BASE)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check_image: -D${v}= missing")
  endif()
endforeach()

execute_process(COMMAND ${READELF} -W -h -l -S ${IMAGE}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_image: readelf ${IMAGE} failed: ${err}")
endif()

function(fail why)
  message(FATAL_ERROR "check_image: ${IMAGE}: ${why}")
endfunction()

if(NOT out MATCHES "Class:[ \t]+ELF64")
  fail("not ELF64")
endif()
if(NOT out MATCHES "Type:[ \t]+EXEC")
  fail("not a static executable (ET_EXEC)")
endif()
if(NOT out MATCHES "Machine:[ \t]+Advanced Micro Devices X86-64")
  fail("not x86-64")
endif()
if(out MATCHES "INTERP|DYNAMIC|\\.dynamic|\\.interp")
  fail("has an interpreter or a dynamic section")
endif()

string(REGEX MATCH "Entry point address:[ \t]+(0x[0-9a-fA-F]+)" _ "${out}")
set(entry ${CMAKE_MATCH_1})
string(REGEX MATCH "\\.text[ \t]+PROGBITS[ \t]+([0-9a-fA-F]+)[ \t]+[0-9a-fA-F]+[ \t]+([0-9a-fA-F]+)"
  _ "${out}")
if(NOT entry OR NOT CMAKE_MATCH_1)
  fail("no entry point or no .text section")
endif()
# compare in decimal (if() does not read hex), report in hex
math(EXPR start "0x${CMAKE_MATCH_1}")
math(EXPR end "0x${CMAKE_MATCH_1} + 0x${CMAKE_MATCH_2}")
math(EXPR e "${entry}")
if(e LESS start OR NOT e LESS end)
  math(EXPR end "${end}" OUTPUT_FORMAT HEXADECIMAL)
  fail("entry ${entry} outside .text [0x${CMAKE_MATCH_1}, ${end})")
endif()

math(EXPR base "${BASE}")
string(REGEX MATCHALL "LOAD[ \t]+0x[0-9a-fA-F]+[ \t]+0x[0-9a-fA-F]+[ \t]+0x[0-9a-fA-F]+"
  loads "${out}")
if(NOT loads)
  fail("no PT_LOAD segment")
endif()
foreach(l ${loads})
  string(REGEX MATCH "LOAD[ \t]+0x[0-9a-fA-F]+[ \t]+(0x[0-9a-fA-F]+)[ \t]+(0x[0-9a-fA-F]+)" _ "${l}")
  math(EXPR vaddr "${CMAKE_MATCH_1}")
  math(EXPR paddr "${CMAKE_MATCH_2}")
  if(vaddr LESS base OR NOT vaddr EQUAL paddr)
    fail("PT_LOAD vaddr ${CMAKE_MATCH_1} paddr ${CMAKE_MATCH_2}: must be equal and >= ${BASE}")
  endif()
endforeach()
