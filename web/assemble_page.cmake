# cmake -DTEMPLATE=page.html -DGLUE=evtxdiag-page.js -DVERSION=x.y.z -DOUT=evtxdiag.html -P assemble_page.cmake
# The page is the template with the module's glue (wasm and tz database inlined) in place of
# its /*EVTXDIAG_MODULE*/ marker. The glue sits inside a <script> element, so it must not hold
# "</script" (it would end the element early): checked, not assumed.
file(READ ${TEMPLATE} _page)
file(READ ${GLUE} _glue)
string(TOLOWER "${_glue}" _lower)
string(FIND "${_lower}" "</script" _end)
if(NOT _end EQUAL -1)
  message(FATAL_ERROR "${GLUE} contains </script at ${_end}: it cannot be inlined as is")
endif()
string(FIND "${_page}" "/*EVTXDIAG_MODULE*/" _marker)
if(_marker EQUAL -1)
  message(FATAL_ERROR "${TEMPLATE} has no /*EVTXDIAG_MODULE*/ marker")
endif()
string(REPLACE "@EVTXDIAG_VERSION@" "${VERSION}" _page "${_page}")
string(REPLACE "/*EVTXDIAG_MODULE*/" "${_glue}" _page "${_page}")
file(WRITE ${OUT}.tmp "${_page}")
file(RENAME ${OUT}.tmp ${OUT})
