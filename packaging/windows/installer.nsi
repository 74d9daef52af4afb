; MiniApp Publisher (字节跳动小程序发布助手) installer: per-user, no admin rights needed.
;
; Compiled by build_installer.py (or packaging/windows/build_under_wine.py) with makensis:
;   makensis -INPUTCHARSET UTF8 -DAPP_VERSION=0.1.0 -DVERSION_4=0.1.0.0 \
;            -DSOURCE_DIR=dist/miniapp-publisher -DOUT_FILE=dist/<name>-setup.exe \
;            -DICON_FILE=resources/icons/miniapp-publisher.ico packaging/windows/installer.nsi
; Optional: -DCOMPRESSOR=zlib for a faster, larger build (tests only).
;
; Silent use: "setup.exe /S" installs with the default choices (Start-menu and desktop
; shortcuts); "uninstall.exe /S" removes the program and keeps the merchant's data;
; "uninstall.exe /S /REMOVEDATA" removes the data too.

Unicode true
Target amd64-unicode
RequestExecutionLevel user
ManifestDPIAware true

!ifndef APP_VERSION
  !error "Pass -DAPP_VERSION=x.y.z (build_installer.py does this)."
!endif
!ifndef VERSION_4
  !error "Pass -DVERSION_4=x.y.z.w (build_installer.py does this)."
!endif
!ifndef SOURCE_DIR
  !error "Pass -DSOURCE_DIR=<the PyInstaller onedir folder>."
!endif
!ifndef OUT_FILE
  !error "Pass -DOUT_FILE=<installer .exe to write>."
!endif
!ifndef ICON_FILE
  !error "Pass -DICON_FILE=<the app's .ico>."
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR "lzma"
!endif
SetCompressor /SOLID ${COMPRESSOR}

!define APP_NAME "MiniApp Publisher"
!define APP_ID "miniapp-publisher"
!ifndef EXE_NAME
  !define EXE_NAME "miniapp-publisher.exe"
!endif
!define PUBLISHER "MiniApp Publisher"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; platformdirs (appauthor=False) keeps config, state, logs and cache under this one folder.
!define DATA_DIR "$LOCALAPPDATA\${APP_ID}"
!define SHORTCUT_ZH "小程序发布助手"
!define SHORTCUT_EN "MiniApp Publisher"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"
!include "x64.nsh"
!include "WinVer.nsh"

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${APP_VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION_4}"
VIFileVersion "${VERSION_4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "© ${PUBLISHER} authors"

; ---------------------------------------------------------------- pages
!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_NOREBOOTSUPPORT

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; Simplified Chinese first: it is the default when Windows' language matches neither.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString SEC_PROGRAM ${LANG_SIMPCHINESE} "程序文件（必需）"
LangString SEC_PROGRAM ${LANG_ENGLISH} "Program files (required)"
LangString SEC_STARTMENU ${LANG_SIMPCHINESE} "开始菜单快捷方式"
LangString SEC_STARTMENU ${LANG_ENGLISH} "Start menu shortcut"
LangString SEC_DESKTOP ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_UN_PROGRAM ${LANG_SIMPCHINESE} "删除程序"
LangString SEC_UN_PROGRAM ${LANG_ENGLISH} "Remove the program"
LangString SEC_UN_DATA ${LANG_SIMPCHINESE} "同时删除我的数据（设置、进度、日志、下载）"
LangString SEC_UN_DATA ${LANG_ENGLISH} "Also remove my data (settings, progress, logs, downloads)"
LangString SHORTCUT_NAME ${LANG_SIMPCHINESE} "${SHORTCUT_ZH}"
LangString SHORTCUT_NAME ${LANG_ENGLISH} "${SHORTCUT_EN}"
LangString NEEDS_WIN10 ${LANG_SIMPCHINESE} "发布助手需要 64 位的 Windows 10 或更高版本，无法安装在这台电脑上。"
LangString NEEDS_WIN10 ${LANG_ENGLISH} "${APP_NAME} needs 64-bit Windows 10 or later: it cannot be installed on this computer."

; ---------------------------------------------------------------- install
Function .onInit
  SetShellVarContext current
  ; The app is x64 only, and Qt 6 (like the developer tool since 4.1.6) needs Windows 10.
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "$(NEEDS_WIN10)" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "!$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An update replaces the whole bundle so no file of the old version lingers.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE_DIR}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME} (${SHORTCUT_ZH})"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${APP_VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SEC_STARTMENU)" SecStartMenu
  CreateShortcut "$SMPROGRAMS\$(SHORTCUT_NAME).lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\$(SHORTCUT_NAME).lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0
SectionEnd

; ---------------------------------------------------------------- uninstall

; Runs first, while the program is still there: it removes the AppSecrets the app saved in
; Windows Credential Manager (they live outside the data folder), then the data folder.
Section /o "un.$(SEC_UN_DATA)" SecUnData
  ExecWait '"$INSTDIR\${EXE_NAME}" --forget-secrets'
  RMDir /r "${DATA_DIR}"
SectionEnd

Section "-un.$(SEC_UN_PROGRAM)" SecUnProgram
  ; Only what the installer put there: the folder may hold files the merchant added.
  Delete "$INSTDIR\${EXE_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${SHORTCUT_ZH}.lnk"
  Delete "$SMPROGRAMS\${SHORTCUT_EN}.lnk"
  Delete "$DESKTOP\${SHORTCUT_ZH}.lnk"
  Delete "$DESKTOP\${SHORTCUT_EN}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd


Function un.onInit
  SetShellVarContext current
  ; /REMOVEDATA on the command line pre-selects "also remove my data" (for silent use).
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/REMOVEDATA" $1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecUnData}
  ${EndIf}
FunctionEnd
