// jixiao 绩效 for VS Code: starts the language server `jixiao lsp` for .jx
// files. Highlighting comes from syntaxes/jixiao.tmLanguage.json; everything
// else (diagnostics, hover, completion, formatting, outline, folding) from
// the server.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** The `jixiao.server.path` setting: a command name or a path. */
function configuredCommand() {
  const value = vscode.workspace.getConfiguration('jixiao').get('server.path');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : 'jixiao';
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The executable the setting names, or undefined when there is none: a path
 * (absolute, `~/…`, or relative to the first workspace folder) must exist; a
 * bare name is looked up on PATH (with PATHEXT on Windows).
 */
function resolveExecutable(command) {
  if (command.startsWith('~/') || command === '~') {
    command = path.join(os.homedir(), command.slice(1));
  }
  const windows = process.platform === 'win32';
  const extensions = windows
    ? ['', ...(process.env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)]
    : [''];
  const candidates = (base) => extensions.map((ext) => base + ext).filter(isFile);

  if (path.isAbsolute(command) || command.includes('/') || (windows && command.includes('\\'))) {
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    const full = path.isAbsolute(command) || !folder ? path.resolve(command) : path.resolve(folder.uri.fsPath, command);
    return candidates(full)[0];
  }
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir === '') continue;
    const found = candidates(path.join(dir, command))[0];
    if (found) return found;
  }
  return undefined;
}

const OPEN_SETTINGS = '打开设置 Open Settings';

async function offerSettings(message) {
  const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS);
  if (choice === OPEN_SETTINGS) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'jixiao.server.path');
  }
}

function reportMissing(command) {
  return offerSettings(
    `找不到 jixiao 可执行文件「${command}」：请在 jixiao 仓库目录中运行 \`cargo install --path .\` 安装，` +
      `或在设置 jixiao.server.path 中填写它的完整路径。` +
      ` — The jixiao executable "${command}" was not found: install it with \`cargo install --path .\` ` +
      `in the jixiao repository, or set jixiao.server.path to its full path.`,
  );
}

async function startClient() {
  const command = configuredCommand();
  const executable = resolveExecutable(command);
  if (!executable) {
    void reportMissing(command);
    return;
  }

  const serverOptions = {
    command: executable,
    args: ['lsp'],
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'jixiao' },
      { scheme: 'untitled', language: 'jixiao' },
    ],
  };
  client = new LanguageClient('jixiao', 'jixiao 绩效', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    if (/ENOENT/.test(reason)) {
      void reportMissing(command);
    } else {
      void offerSettings(
        `jixiao 语言服务（${executable} lsp）启动失败：${reason}。请确认 jixiao 是支持 \`jixiao lsp\` 的版本。` +
          ` — The jixiao language server (${executable} lsp) failed to start: ${reason}. ` +
          `Check that this jixiao is recent enough to have \`jixiao lsp\`.`,
      );
    }
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch {
      // The server may already have exited.
    }
  }
}

async function restartClient() {
  await stopClient();
  await startClient();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('jixiao.restartServer', restartClient),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('jixiao.server.path')) {
        void restartClient();
      }
    }),
  );
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
