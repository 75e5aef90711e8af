# `mxcts table FORMAT --from f16|bf16 --profile ml_dtypes --sha256` against
# hashes produced by an independent implementation: ml_dtypes 0.6.0 (numpy
# 2.4) casting every f16 / bf16 bit pattern, in input order. Produced once with
#   python3 -c 'import hashlib, numpy as np, ml_dtypes as m
#   x = np.arange(65536, dtype=np.uint32).astype(np.uint16)
#   for s, v in (("f16", x.view(np.float16)), ("bf16", x.view(m.bfloat16))):
#       for f, t in (("e4m3", m.float8_e4m3fn), ("e5m2", m.float8_e5m2),
#                    ("e4m3fnuz", m.float8_e4m3fnuz), ("e5m2fnuz", m.float8_e5m2fnuz),
#                    ("e2m3", m.float6_e2m3fn), ("e3m2", m.float6_e3m2fn),
#                    ("e2m1", m.float4_e2m1fn), ("e8m0", m.float8_e8m0fnu)):
#           print(s, f, hashlib.sha256(v.astype(t).view(np.uint8).tobytes()).hexdigest())'
# and typed in below. Run: cmake -DMXCTS=path/to/mxcts -P test_table_hashes.cmake
if(NOT MXCTS)
  message(FATAL_ERROR "pass -DMXCTS=<path of the mxcts tool>")
endif()
set(expected
  "f16 e4m3 66c4d3a1fa3d98587843222ccdff886e38b5726e83ae53c6eb66efa4eebd6e62"
  "f16 e5m2 15ab0c3901962e79182e796eb712da5b395066c8bd00b5888a5e1c9125d56f24"
  "f16 e4m3fnuz 95e6fb5b04ba11dcfc5fdb80d6a1637e811d503bae7151aadc96ef8c96583567"
  "f16 e5m2fnuz 0fa2de8eb3705708d9fdfca78253b1a841348ee2289f3d1b329374fa4ce166eb"
  "f16 e2m3 5b8876ffffe758550e6c1323ff9daf9a18ffde8511a56236c485392c60fddfcc"
  "f16 e3m2 498810244c0dc0a5dd2b87d6a8bb8fe0d3c3e73e079fd06e8ea9ed41e09caef3"
  "f16 e2m1 ea005962482517711362bd72613887eb027b5684fcb14226e97c21717a5b5f5b"
  "f16 e8m0 512cf5ae1719419904c0513e7732929627fd53b44eb6225b8215e09d51f49c46"
  "bf16 e4m3 ecbb201b2182a3e8e84f521d57c51ff379e8e5ec61141119005be7d672db0d98"
  "bf16 e5m2 090ec74f2f7cc325aefd5b24d8a7db182ffbf980e5b9178e583b42669f409a76"
  "bf16 e4m3fnuz b5a02ccdb033ad9271d82bfc03ae5dbfd2d1eb881ac6e35a81be5b08cb0bd97d"
  "bf16 e5m2fnuz fbc7c46b2110bf77ea64283fb71a081f5612b13a074321a544c4332c91709f43"
  "bf16 e2m3 d63e159adac8ff0f6bd4fd9e4c8a365994d3f6d21c1571c47d6d5136db6c134a"
  "bf16 e3m2 6d3180d36297ebbd887b0bcfe07e7d8291da6d71c985b22314485a01166a1d70"
  "bf16 e2m1 e6c3b75330483770fdfc694be5b28fbe504cefa84954b599b89f39aa6d146d11"
  "bf16 e8m0 343796de6d9808b459d121b22e35694eb4a0a861ffd8da045fc2ac6506cd9ee7"
)
set(failures 0)
foreach(line IN LISTS expected)
  string(REPLACE " " ";" f "${line}")
  list(GET f 0 src)
  list(GET f 1 fmt)
  list(GET f 2 want)
  execute_process(COMMAND ${MXCTS} table ${fmt} --from ${src} --profile ml_dtypes --sha256
                  OUTPUT_VARIABLE got RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0 OR NOT got STREQUAL want)
    message(SEND_ERROR "table ${fmt} --from ${src} --profile ml_dtypes: got '${got}' (exit ${rc}), ml_dtypes gives ${want}")
    math(EXPR failures "${failures} + 1")
  else()
    message(STATUS "ok ${src} -> ${fmt} ${got}")
  endif()
endforeach()
# The stream is input-ordered and --stride samples it: the f16 table at stride 1
# must equal the hash of the same command without --stride.
execute_process(COMMAND ${MXCTS} table e4m3 --from f16 --profile ml_dtypes --stride 1 --sha256
                OUTPUT_VARIABLE s1 OUTPUT_STRIP_TRAILING_WHITESPACE)
list(GET expected 0 first)
string(REPLACE " " ";" first "${first}")
list(GET first 2 want0)
if(NOT s1 STREQUAL want0)
  message(SEND_ERROR "--stride 1 changes the stream")
endif()
# Usage errors exit 2.
foreach(args "table" "table e4m3" "table e4m3 --raw --sha256" "table nope --sha256"
             "table e4m3 --profile nope --sha256" "table e4m3 --from f64 --sha256"
             "table e8m0 --round rne --sha256" "table e4m3 --zero nan --sha256" "table e4m3 --stride 0 --sha256")
  separate_arguments(a UNIX_COMMAND "${args}")
  execute_process(COMMAND ${MXCTS} ${a} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 2)
    message(SEND_ERROR "'mxcts ${args}' exited ${rc}, want 2")
  endif()
endforeach()
if(failures)
  message(FATAL_ERROR "${failures} table hashes differ from ml_dtypes")
endif()
