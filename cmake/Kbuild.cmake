# hvt_add_kmod(<target> <source dir> <module file name>)
#
# Builds an out-of-tree kernel module with Kbuild against HVT_KDIR, without
# writing into the source tree: the source dir is mirrored into the build dir
# as symlinks (cp -rs) and Kbuild runs there. The module lands in
# ${CMAKE_CURRENT_BINARY_DIR}/kbuild/<module file name>.
function(hvt_add_kmod target srcdir koname)
  set(kb ${CMAKE_CURRENT_BINARY_DIR}/kbuild)
  file(GLOB_RECURSE deps CONFIGURE_DEPENDS ${srcdir}/*.c ${srcdir}/*.h ${srcdir}/*.S ${srcdir}/Kbuild)
  if(NOT HVT_KDIR OR NOT EXISTS "${HVT_KDIR}/Makefile")
    add_custom_target(${target} ALL
      COMMAND ${CMAKE_COMMAND} -E echo "hvt: no kernel build tree at '${HVT_KDIR}' for ${koname}: run scripts/setup or pass -DHVT_KDIR=/lib/modules/<release>/build"
      COMMAND false)
    return()
  endif()
  add_custom_command(
    OUTPUT ${kb}/${koname}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${kb}
    COMMAND cp -rs --remove-destination ${srcdir}/. ${kb}/
    COMMAND $(MAKE) -C ${HVT_KDIR} M=${kb} modules
    DEPENDS ${deps}
    COMMENT "Kbuild: ${koname} against ${HVT_KDIR}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${kb}/${koname})
  set_property(TARGET ${target} APPEND PROPERTY ADDITIONAL_CLEAN_FILES ${kb})
endfunction()
