; MiniApp Publisher (字节跳动小程序发布助手) installer: per-user, no admin rights needed.
;
; Compiled by build_installer.py (or packaging/windows/build_under_wine.py) with makensis:
;   makensis -INPUTCHARSET UTF8 -DAPP_VERSION=0.1.0 -DVERSION_4=0.1.0.0 \
;            -DSOURCE_DIR=dist/miniapp-publisher -DOUT_FILE=dist/<name>-setup.exe \
;            -DICON_FILE=resources/icons/miniapp-publisher.ico packaging/windows/installer.nsi
; Optional: -DCOMPRESSOR=zlib for a faster, larger build (tests only).
;
; Optional: -DSIGN_CMD="<command with %1>" signs the uninstaller and the installer as makensis
; writes them (!uninstfinalize / !finalize; packaging/signing.py builds the command).
;
; /CLOSEWAIT=N (installer and uninstaller) waits N seconds instead of CLOSE_WAIT_S for a
; running copy to close (the tests use a short wait).
;
; Silent use: "setup.exe /S" installs with the default choices (Start-menu and desktop
; shortcuts; on an update the desktop shortcut only if the merchant kept it);
; "uninstall.exe /S" removes the program and keeps the merchant's data;
; "uninstall.exe /S /REMOVEDATA" removes the data too.
;
; A running copy (it holds RUNNING_MUTEX, or its single-instance lock file is held open) is
; asked to close (CLOSE_EVENT; it saves the answers) before any file changes; the new files
; go into a fresh folder and are switched in by renaming, so the result is the old version
; or the new one, never a mix. Exit codes of the silent installer and uninstaller:
; 0 done, 2 cancelled, 3 the app is still running after CLOSE_WAIT_S seconds (nothing
; changed), 4 a file of the old version is in use (nothing changed), 5 the new files could
; not be written (disk full?; nothing changed).

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
!define APP_NAME_ZH "小程序发布助手"
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
; wizard/core/running_copy.py creates these in the running app.
!define RUNNING_MUTEX "Local\MiniAppPublisher-Running"
!define CLOSE_EVENT "Local\MiniAppPublisher-PleaseClose"
; Versions before the mutex: the app's single-instance lock, held open while it runs.
!define INSTANCE_LOCK "${DATA_DIR}\instance.lock"
!ifndef CLOSE_WAIT_S
  !define CLOSE_WAIT_S 20
!endif
; Staging folders inside the install folder (same volume, so switching is a rename).
!define STAGE_NEW ".update-new"
!define STAGE_OLD ".update-old"
!define EXIT_APP_RUNNING 3
!define EXIT_IN_USE 4
!define EXIT_WRITE_FAILED 5
!ifdef SIGN_CMD
  !uninstfinalize '${SIGN_CMD}' = 0
  !finalize '${SIGN_CMD}' = 0
!endif

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"
!include "x64.nsh"
!include "WinVer.nsh"

Name "$(PRODUCT_NAME)"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "$(PRODUCT_NAME) ${APP_VERSION}"
; A file that cannot be written stops the install (silently too) instead of being skipped.
AllowSkipFiles off
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
!ifdef WELCOME_BITMAP
  !define MUI_WELCOMEFINISHPAGE_BITMAP "${WELCOME_BITMAP}"
!endif
!ifdef HEADER_BITMAP
  !define MUI_HEADERIMAGE
  !define MUI_HEADERIMAGE_BITMAP "${HEADER_BITMAP}"
  !define MUI_HEADERIMAGE_UNBITMAP "${HEADER_BITMAP}"
!endif
; A fresh install or an update ("更新"), set in .onInit.
!define MUI_WELCOMEPAGE_TITLE "$WelcomeTitle"
!define MUI_WELCOMEPAGE_TEXT "$WelcomeText"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_NOREBOOTSUPPORT

Var WelcomeTitle
Var WelcomeText
Var OldVersion
Var Stage
Var Old
Var CloseWait

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

LangString PRODUCT_NAME ${LANG_SIMPCHINESE} "${APP_NAME_ZH}"
LangString PRODUCT_NAME ${LANG_ENGLISH} "${APP_NAME}"
LangString WELCOME_NEW_TITLE ${LANG_SIMPCHINESE} "欢迎安装${APP_NAME_ZH} ${APP_VERSION}"
LangString WELCOME_NEW_TITLE ${LANG_ENGLISH} "Welcome to ${APP_NAME} ${APP_VERSION} Setup"
LangString WELCOME_NEW_TEXT ${LANG_SIMPCHINESE} "安装程序将把${APP_NAME_ZH}安装到您的电脑上，只为当前用户安装，不需要管理员权限。$\r$\n$\r$\n点击“下一步”继续。"
LangString WELCOME_NEW_TEXT ${LANG_ENGLISH} "Setup will install ${APP_NAME} for you only; no administrator rights are needed.$\r$\n$\r$\nClick Next to continue."
LangString WELCOME_UPDATE_TITLE ${LANG_SIMPCHINESE} "更新${APP_NAME_ZH}"
LangString WELCOME_UPDATE_TITLE ${LANG_ENGLISH} "Update ${APP_NAME}"
LangString WELCOME_UPDATE_TEXT ${LANG_SIMPCHINESE} "您的电脑上已有${APP_NAME_ZH} $OldVersion，安装程序将把它更新到 ${APP_VERSION}。您填写的内容和设置都会保留。$\r$\n$\r$\n如果发布助手正在运行，安装程序会先请它关闭。点击“下一步”继续。"
LangString WELCOME_UPDATE_TEXT ${LANG_ENGLISH} "${APP_NAME} $OldVersion is installed; Setup will update it to ${APP_VERSION}. Your answers and settings are kept.$\r$\n$\r$\nIf the publisher is open, Setup asks it to close first. Click Next to continue."
LangString ASK_CLOSE ${LANG_SIMPCHINESE} "${APP_NAME_ZH}正在运行。点击“确定”将关闭它（您填写的内容会自动保存）后继续；点击“取消”退出。"
LangString ASK_CLOSE ${LANG_ENGLISH} "${APP_NAME} is open. Click OK to close it (your answers are saved) and continue, or Cancel to stop."
LangString STILL_RUNNING ${LANG_SIMPCHINESE} "${APP_NAME_ZH}仍在运行，没有关闭。请先关闭它的窗口（如正在上传，请等上传结束），然后点击“重试”。"
LangString STILL_RUNNING ${LANG_ENGLISH} "${APP_NAME} is still open. Close its window (if an upload is running, wait for it to end), then click Retry."
LangString IN_USE ${LANG_SIMPCHINESE} "旧版本的文件正被其他程序使用，所以没有更新，原来的版本保持不变。请关闭${APP_NAME_ZH}（必要时重启电脑）后再运行安装程序。"
LangString IN_USE ${LANG_ENGLISH} "Files of the installed version are in use, so nothing was changed and the installed version still works. Close ${APP_NAME} (restart the computer if needed) and run Setup again."
LangString WRITE_FAILED ${LANG_SIMPCHINESE} "无法写入新版本的文件（磁盘可能已满），原来的版本保持不变。请腾出磁盘空间后再运行安装程序。"
LangString WRITE_FAILED ${LANG_ENGLISH} "The new files could not be written (is the disk full?); the installed version is unchanged. Free some disk space and run Setup again."
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

!macro RUNNING_COPY_FUNCTIONS UN
Function ${UN}ReadCloseWait
  StrCpy $CloseWait ${CLOSE_WAIT_S}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/CLOSEWAIT=" $R1
  ${IfNot} ${Errors}
    IntOp $CloseWait $R1 + 0
  ${EndIf}
FunctionEnd

; $R0 = 1 when a copy of the app is running, else 0.
Function ${UN}IsAppRunning
  StrCpy $R0 0
  ; SYNCHRONIZE access is enough to know the mutex exists.
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${RUNNING_MUTEX}") p .R1'
  ${If} $R1 != 0
    System::Call 'kernel32::CloseHandle(p R1)'
    StrCpy $R0 1
    Return
  ${EndIf}
  ; An older version: its lock file cannot be opened for writing while it runs.
  ${If} ${FileExists} "${INSTANCE_LOCK}"
    ClearErrors
    FileOpen $R1 "${INSTANCE_LOCK}" a
    ${If} ${Errors}
      StrCpy $R0 1
    ${Else}
      FileClose $R1
    ${EndIf}
  ${EndIf}
FunctionEnd

; Asks a running copy to close and waits for it; quits (exit EXIT_APP_RUNNING) if it stays.
Function ${UN}CloseRunningApp
  Push $R0
  Push $R1
  Push $R2
  Call ${UN}IsAppRunning
  StrCmp $R0 0 done
  MessageBox MB_OKCANCEL|MB_ICONINFORMATION "$(ASK_CLOSE)" /SD IDOK IDOK ask
  SetErrorLevel 2
  Quit
  ask:
  System::Call 'kernel32::OpenEventW(i 0x0002, i 0, w "${CLOSE_EVENT}") p .R1'
  ${If} $R1 != 0
    System::Call 'kernel32::SetEvent(p R1)'
    System::Call 'kernel32::CloseHandle(p R1)'
  ${EndIf}
  StrCpy $R2 0
  wait:
  Call ${UN}IsAppRunning
  StrCmp $R0 0 done
  IntOp $R2 $R2 + 1
  IntCmp $R2 $CloseWait 0 0 still_running
  Sleep 1000
  Goto wait
  still_running:
  MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(STILL_RUNNING)" /SD IDCANCEL IDRETRY ask
  SetErrorLevel ${EXIT_APP_RUNNING}
  Quit
  done:
  Pop $R2
  Pop $R1
  Pop $R0
FunctionEnd
!macroend
!insertmacro RUNNING_COPY_FUNCTIONS ""
!insertmacro RUNNING_COPY_FUNCTIONS "un."

; Moves one top-level entry of the new version in: the old one to $Old first.
!macro SWITCH_IN NAME
  ${If} ${FileExists} "$INSTDIR\${NAME}"
    ClearErrors
    Rename "$INSTDIR\${NAME}" "$Old\${NAME}"
    IfErrors switch_failed
  ${EndIf}
  ClearErrors
  Rename "$Stage\${NAME}" "$INSTDIR\${NAME}"
  IfErrors switch_failed
!macroend

; Undoes SWITCH_IN: a new entry that got in goes back to $Stage, the old one returns.
!macro SWITCH_BACK NAME
  ${IfNot} ${FileExists} "$Stage\${NAME}"
  ${AndIf} ${FileExists} "$INSTDIR\${NAME}"
    Rename "$INSTDIR\${NAME}" "$Stage\${NAME}"
  ${EndIf}
  ${If} ${FileExists} "$Old\${NAME}"
    Rename "$Old\${NAME}" "$INSTDIR\${NAME}"
  ${EndIf}
!macroend

Section "!$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  Call CloseRunningApp
  StrCpy $Stage "$INSTDIR\${STAGE_NEW}"
  StrCpy $Old "$INSTDIR\${STAGE_OLD}"
  RMDir /r "$Stage"
  RMDir /r "$Old"
  ; The whole new version goes into a fresh folder first; the installed one is not touched.
  ClearErrors
  SetOutPath "$Stage"
  File /r "${SOURCE_DIR}/*"
  WriteUninstaller "$Stage\uninstall.exe"
  SetOutPath "$INSTDIR"
  IfErrors 0 written
    RMDir /r "$Stage"
    MessageBox MB_ICONSTOP "$(WRITE_FAILED)" /SD IDOK
    SetErrorLevel ${EXIT_WRITE_FAILED}
    Quit
  written:
  ; The app may have been started again while the pages were open.
  Call CloseRunningApp
  CreateDirectory "$Old"
  !insertmacro SWITCH_IN "${EXE_NAME}"
  !insertmacro SWITCH_IN "_internal"
  !insertmacro SWITCH_IN "uninstall.exe"
  Goto switched
  switch_failed:
    ; A file of the old version is in use (an old copy without the mutex, an antivirus
    ; scan): put everything back as it was.
    !insertmacro SWITCH_BACK "uninstall.exe"
    !insertmacro SWITCH_BACK "_internal"
    !insertmacro SWITCH_BACK "${EXE_NAME}"
    RMDir /r "$Stage"
    RMDir /r "$Old"
    MessageBox MB_ICONSTOP "$(IN_USE)" /SD IDOK
    SetErrorLevel ${EXIT_IN_USE}
    Quit
  switched:
  RMDir /r "$Old"
  RMDir /r "$Stage"

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

; Either language's shortcut from an earlier install goes: one pair, in this language.
Section "$(SEC_STARTMENU)" SecStartMenu
  Delete "$SMPROGRAMS\${SHORTCUT_ZH}.lnk"
  Delete "$SMPROGRAMS\${SHORTCUT_EN}.lnk"
  CreateShortcut "$SMPROGRAMS\$(SHORTCUT_NAME).lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  Delete "$DESKTOP\${SHORTCUT_ZH}.lnk"
  Delete "$DESKTOP\${SHORTCUT_EN}.lnk"
  CreateShortcut "$DESKTOP\$(SHORTCUT_NAME).lnk" "$INSTDIR\${EXE_NAME}" "" \
    "$INSTDIR\${EXE_NAME}" 0
SectionEnd

; After the sections: it names SecDesktop.
Function .onInit
  SetShellVarContext current
  ; The app is x64 only, and Qt 6 (like the developer tool since 4.1.6) needs Windows 10.
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "$(NEEDS_WIN10)" /SD IDOK
    Abort
  ${EndIf}
  Call ReadCloseWait
  ReadRegStr $OldVersion HKCU "${UNINSTALL_KEY}" "DisplayVersion"
  ${If} $OldVersion == ""
    StrCpy $WelcomeTitle "$(WELCOME_NEW_TITLE)"
    StrCpy $WelcomeText "$(WELCOME_NEW_TEXT)"
  ${Else}
    StrCpy $WelcomeTitle "$(WELCOME_UPDATE_TITLE)"
    StrCpy $WelcomeText "$(WELCOME_UPDATE_TEXT)"
    ; The merchant deleted the desktop shortcut (in either language): an update keeps it gone.
    ${IfNot} ${FileExists} "$DESKTOP\${SHORTCUT_ZH}.lnk"
    ${AndIfNot} ${FileExists} "$DESKTOP\${SHORTCUT_EN}.lnk"
      !insertmacro UnselectSection ${SecDesktop}
    ${EndIf}
  ${EndIf}
FunctionEnd

; ---------------------------------------------------------------- uninstall

Section "-un.close the running app"
  Call un.CloseRunningApp
SectionEnd

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
  RMDir /r "$INSTDIR\${STAGE_NEW}"
  RMDir /r "$INSTDIR\${STAGE_OLD}"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${SHORTCUT_ZH}.lnk"
  Delete "$SMPROGRAMS\${SHORTCUT_EN}.lnk"
  Delete "$DESKTOP\${SHORTCUT_ZH}.lnk"
  Delete "$DESKTOP\${SHORTCUT_EN}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd


Function un.onInit
  SetShellVarContext current
  Call un.ReadCloseWait
  ; /REMOVEDATA on the command line pre-selects "also remove my data" (for silent use).
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/REMOVEDATA" $1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecUnData}
  ${EndIf}
FunctionEnd
