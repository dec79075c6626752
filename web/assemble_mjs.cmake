# cmake -DPRELUDE=node_prelude.mjs -DGLUE=evtxdiag-node.cjs -DOUT=evtxdiag.mjs -P assemble_mjs.cmake
file(READ ${PRELUDE} _prelude)
file(READ ${GLUE} _glue)
file(WRITE ${OUT}.tmp "${_prelude}${_glue}")
file(RENAME ${OUT}.tmp ${OUT})
