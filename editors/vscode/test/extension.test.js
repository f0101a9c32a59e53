// Loads extension.js outside VS Code, with stand-ins for the `vscode` and
// `vscode-languageclient/node` modules, and checks how it starts the server:
// `<jixiao.server.path> lsp` over stdio for jixiao documents, and a message
// in Chinese and English when the executable is missing.
'use strict';

const { test, beforeEach, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const state = {
  settings: {},
  errors: [],
  clients: [],
  commands: new Map(),
};

const fakeVscode = {
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: (section) => ({
      get: (key) => state.settings[`${section}.${key}`],
    }),
    onDidChangeConfiguration: () => ({ dispose() {} }),
  },
  window: {
    showErrorMessage: async (message) => {
      state.errors.push(message);
      return undefined;
    },
  },
  commands: {
    registerCommand: (name, fn) => {
      state.commands.set(name, fn);
      return { dispose() {} };
    },
    executeCommand: async () => undefined,
  },
};

class FakeLanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, started: false, stopped: false });
    state.clients.push(this);
  }
  async start() {
    this.started = true;
  }
  async stop() {
    this.stopped = true;
  }
}

const fakeClientModule = { LanguageClient: FakeLanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } };

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'vscode') return fakeVscode;
  if (request === 'vscode-languageclient/node') return fakeClientModule;
  return originalLoad.call(this, request, parent, isMain);
};
after(() => {
  Module._load = originalLoad;
});

const extension = require('../extension.js');
const context = () => ({ subscriptions: [] });

// A directory with an executable `jixiao` (or jixiao.cmd on Windows) in it.
const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-vscode-test-'));
const fakeServer = path.join(bin, process.platform === 'win32' ? 'jixiao.cmd' : 'jixiao');
fs.writeFileSync(fakeServer, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
after(() => fs.rmSync(bin, { recursive: true, force: true }));

const savedPath = process.env.PATH;
beforeEach(async () => {
  await extension.deactivate();
  state.settings = {};
  state.errors = [];
  state.clients = [];
  process.env.PATH = savedPath;
});
after(() => {
  process.env.PATH = savedPath;
});

test('starts `jixiao lsp` over stdio for jixiao files and untitled buffers', async () => {
  process.env.PATH = [bin, savedPath].join(path.delimiter);
  await extension.activate(context());
  assert.deepEqual(state.errors, []);
  assert.equal(state.clients.length, 1);
  const client = state.clients[0];
  assert.equal(client.id, 'jixiao');
  assert.deepEqual(client.serverOptions, { command: fakeServer, args: ['lsp'], transport: 0 });
  assert.deepEqual(client.clientOptions.documentSelector, [
    { scheme: 'file', language: 'jixiao' },
    { scheme: 'untitled', language: 'jixiao' },
  ]);
  assert.ok(client.started, 'the client was not started');
  await extension.deactivate();
  assert.ok(client.stopped, 'deactivate did not stop the client');
});

test('jixiao.server.path may name the executable by its full path', async () => {
  process.env.PATH = '';
  state.settings['jixiao.server.path'] = fakeServer;
  await extension.activate(context());
  assert.deepEqual(state.errors, []);
  assert.equal(state.clients.length, 1);
  assert.equal(state.clients[0].serverOptions.command, fakeServer);
});

test('a missing executable gives a message in Chinese and English, and no client', async () => {
  process.env.PATH = '';
  await extension.activate(context());
  assert.equal(state.clients.length, 0);
  assert.equal(state.errors.length, 1);
  const [message] = state.errors;
  assert.match(message, /找不到 jixiao/);
  assert.match(message, /was not found/);
  assert.match(message, /cargo install --path \./);
  assert.match(message, /jixiao\.server\.path/);

  state.errors = [];
  state.settings['jixiao.server.path'] = path.join(bin, 'no-such-jixiao');
  await extension.activate(context());
  assert.equal(state.clients.length, 0);
  assert.equal(state.errors.length, 1);
  assert.ok(state.errors[0].includes('no-such-jixiao'), state.errors[0]);
});

test('the restart command starts a new client', async () => {
  process.env.PATH = [bin, savedPath].join(path.delimiter);
  await extension.activate(context());
  const restart = state.commands.get('jixiao.restartServer');
  assert.equal(typeof restart, 'function');
  await restart();
  assert.equal(state.clients.length, 2);
  assert.ok(state.clients[0].stopped);
  assert.ok(state.clients[1].started);
});
