# IKD credentials (core/ikd*.c) sign with libsodium (Ed25519) and draw QR codes with
# libqrencode. Works both before add_library(ktp_core) (from extra.cmake) and after it.
if(NOT SODIUM_FOUND OR NOT QRENCODE_FOUND)
  message(FATAL_ERROR "IKD credentials need libsodium-dev and libqrencode-dev")
endif()
if(TARGET ktp_core)
  target_link_libraries(ktp_core PUBLIC PkgConfig::SODIUM PkgConfig::QRENCODE)
else()
  list(APPEND CORE_EXTRA_LIBS PkgConfig::SODIUM PkgConfig::QRENCODE)
endif()
