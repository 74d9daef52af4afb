// Loaded into the official CLI's Node process with `node --require <this file>` by
// wizard/core/cli_runner.py, before the CLI's own code. It does three things the CLI cannot be
// told to do (docs/architecture.md, "Reliability rules"):
//
// 1. Every TLS connection checks the server's certificate. The CLI tunnels through a proxy with
//    `rejectUnauthorized: false` (observed: tt-ide-cli 0.1.33), so a proxy presenting a forged
//    certificate would receive the upload token. tls.connect is wrapped so that no caller can
//    turn the check off; the CA list is Node's own plus NODE_EXTRA_CA_CERTS (set by the app).
// 2. The proxy (MINIAPP_PUBLISHER_PROXY=http://host:port) is applied here, as the agent every
//    HTTPS request without an agent of its own uses: CONNECT to the proxy, then TLS inside the
//    tunnel, checked as in 1. So the app never needs `tma set-config` (one Node start less).
// 3. The upload token (`x-cli-token`) goes to the platform's own hosts over HTTPS only
//    (MINIAPP_PUBLISHER_TOKEN_HOSTS): a redirect elsewhere, which the CLI's HTTP library
//    would follow with the header, is refused before any connection is made.
// 4. The process ends when the app does: MINIAPP_PUBLISHER_PARENT_FD names the read end of a
//    pipe whose write end only the app holds; end of file there means the app is gone (also
//    after kill -9), and this process ends with its whole process group.
'use strict';

const http = require('http');
const https = require('https');
const net = require('net');
const tls = require('tls');

const PROXY_VARIABLE = 'MINIAPP_PUBLISHER_PROXY';
const PARENT_VARIABLE = 'MINIAPP_PUBLISHER_PARENT_FD';

// 1. Certificates are always checked, whatever the caller asked for.
delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
const realConnect = tls.connect;

function checkedOptions(options) {
  const safe = Object.assign({}, options);
  safe.rejectUnauthorized = true;
  // A caller's own identity check could accept any name: Node's is the only one used.
  delete safe.checkServerIdentity;
  return safe;
}

tls.connect = function connect(...args) {
  // tls.connect(options[, callback]) | (port[, host][, options][, callback]) | (path[, ...]).
  const index = args.findIndex((value) => value !== null && typeof value === 'object');
  if (index === -1) {
    const callbackAt = args.findIndex((value) => typeof value === 'function');
    const at = callbackAt === -1 ? args.length : callbackAt;
    args.splice(at, 0, { rejectUnauthorized: true });
  } else {
    args[index] = checkedOptions(args[index]);
  }
  return realConnect.apply(this, args);
};

// 2. The proxy, as the default agent of every HTTPS request.
function parseProxy(text) {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' || !url.hostname) return null;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) };
  } catch (error) {
    return null;
  }
}

class TunnelAgent extends https.Agent {
  constructor(proxy) {
    super({ keepAlive: false });
    this.proxy = proxy;
  }

  createConnection(options, done) {
    const target = `${options.host}:${options.port || 443}`;
    const request = http.request({
      host: this.proxy.host,
      port: this.proxy.port,
      method: 'CONNECT',
      path: target,
      headers: { host: target },
      agent: false,
    });
    let settled = false;
    const fail = (error) => {
      if (settled) return;
      settled = true;
      done(error);
    };
    request.once('connect', (response, socket, head) => {
      if (response.statusCode !== 200 || head.length > 0) {
        socket.destroy();
        const error = new Error(
          `tunneling socket could not be established, statusCode=${response.statusCode}`
        );
        error.code = 'ECONNRESET';
        fail(error);
        return;
      }
      if (settled) {
        socket.destroy();
        return;
      }
      settled = true;
      const servername = options.servername || (net.isIP(options.host) ? undefined : options.host);
      done(null, tls.connect(Object.assign({}, options, { socket, servername })));
    });
    request.once('error', (error) => {
      const wrapped = new Error(
        `tunneling socket could not be established, cause=${error.message}`
      );
      wrapped.code = error.code || 'ECONNRESET';
      fail(wrapped);
    });
    request.end();
    return undefined;
  }
}

const proxyText = process.env[PROXY_VARIABLE];
delete process.env[PROXY_VARIABLE];
if (proxyText) {
  const proxy = parseProxy(proxyText);
  if (proxy === null) {
    process.stderr.write(`Error: proxy setting not understood: ${proxyText}\n`);
    process.exit(1);
  }
  https.globalAgent = new TunnelAgent(proxy);
}

// 3. The token goes to the platform only.
const TOKEN_HOSTS_VARIABLE = 'MINIAPP_PUBLISHER_TOKEN_HOSTS';
const TOKEN_HEADER = 'x-cli-token';
const tokenHosts = new Set(
  (process.env[TOKEN_HOSTS_VARIABLE] || '').split(',').map((h) => h.trim().toLowerCase())
);
tokenHosts.delete('');
delete process.env[TOKEN_HOSTS_VARIABLE];

function requestTarget(args) {
  // http(s).request(url[, options][, callback]) | (options[, callback]).
  let host = '';
  let headers = null;
  for (const value of args) {
    if (typeof value === 'string' || value instanceof URL) {
      try {
        host = new URL(String(value)).hostname;
      } catch (error) {
        // Node itself refuses what is not an address.
      }
    } else if (value !== null && typeof value === 'object') {
      host = value.hostname || (value.host ? String(value.host).replace(/:\d+$/, '') : '') || host;
      headers = value.headers || headers;
    }
  }
  return { host: host.replace(/^\[|\]$/g, '').toLowerCase(), headers };
}

function carriesToken(headers) {
  if (headers === null || typeof headers !== 'object') return false;
  return Object.keys(headers).some((name) => name.toLowerCase() === TOKEN_HEADER);
}

function guardRequests(module, secure) {
  for (const name of ['request', 'get']) {
    const real = module[name];
    module[name] = function guarded(...args) {
      const { host, headers } = requestTarget(args);
      if (carriesToken(headers) && (!secure || !tokenHosts.has(host))) {
        const error = new Error(
          `upload token withheld: it is only sent over HTTPS to ${[...tokenHosts].join(', ')}, ` +
            `not to ${secure ? 'https' : 'http'}://${host}`
        );
        error.code = 'ERR_MINIAPP_PUBLISHER_TOKEN_HOST';
        throw error;
      }
      return real.apply(this, args);
    };
  }
}

if (tokenHosts.size > 0) {
  guardRequests(http, false);
  guardRequests(https, true);
}

// 4. End with the app.
const parentFd = Number.parseInt(process.env[PARENT_VARIABLE] || '', 10);
delete process.env[PARENT_VARIABLE];
if (Number.isInteger(parentFd) && parentFd > 2) {
  const endWithTheApp = () => {
    try {
      // The CLI leads its own process group (the app starts it in a new session).
      process.kill(-process.pid, 'SIGKILL');
    } catch (error) {
      // Not a group leader: end this process alone.
    }
    process.exit(137);
  };
  try {
    const watch = new net.Socket({ fd: parentFd, readable: true, writable: false });
    watch.on('end', endWithTheApp);
    watch.on('close', endWithTheApp);
    watch.on('error', endWithTheApp);
    watch.resume();
    watch.unref();
  } catch (error) {
    endWithTheApp();
  }
}
