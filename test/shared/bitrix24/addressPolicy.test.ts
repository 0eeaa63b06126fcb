import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertAllowedHost, isAllowedAddress } from '../../../shared/bitrix24/addressPolicy';
import { createHttpClient, HttpCallError } from '../../../shared/bitrix24/httpClient';

const refusedEverywhere = [
  '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '168.63.129.16', '100.100.100.200', '0.0.0.0', '224.0.0.1',
  '255.255.255.255', '198.18.0.1', '::', 'fd00::1', 'fd00:ec2::254', 'fe80::1', 'ff02::1', '::ffff:169.254.169.254', '::ffff:10.0.0.1',
  '64:ff9b::a9fe:a9fe', '2001:db8::1', 'not-an-ip',
];
const loopback = ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'];
const publicAddresses = ['8.8.8.8', '104.16.0.1', '2606:4700::1111', '::ffff:8.8.8.8'];

describe('where calls to portals may go', () => {
  it('refuses private, shared, link-local, metadata, multicast and reserved addresses, whatever the deployment', () => {
    for (const address of refusedEverywhere) {
      expect({ address, strict: isAllowedAddress(address, { allowLoopback: false }), local: isAllowedAddress(address, { allowLoopback: true }) }).toEqual({ address, strict: false, local: false });
    }
  });

  it('refuses IPv6 forms that carry an IPv4 address other than the mapped one, whatever the address inside', () => {
    const carriers = [
      // IPv4-compatible (::/96): loopback, link-local, private, public
      '::127.0.0.1', '::7f00:1', '::a9fe:a9fe', '::169.254.169.254', '::10.0.0.1', '::8.8.8.8', '0:0:0:0:0:0:7f00:1',
      // IPv4-translated (::ffff:0:0/96)
      '::ffff:0:a9fe:a9fe', '::ffff:0:169.254.169.254', '::ffff:0:7f00:1', '::ffff:0:808:808', '0:0:0:0:ffff:0:a00:1',
      // NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002::/16) with private and public addresses inside
      '64:ff9b::a9fe:a9fe', '64:ff9b::7f00:1', '64:ff9b::10.0.0.1', '64:ff9b::808:808', '64:ff9b:1::a00:1',
      '2002:a9fe:a9fe::1', '2002:7f00:1::1', '2002:c0a8:101::1', '2002:808:808::1',
    ];
    for (const address of carriers) {
      expect({ address, strict: isAllowedAddress(address, { allowLoopback: false }), local: isAllowedAddress(address, { allowLoopback: true }) }).toEqual({ address, strict: false, local: false });
    }
  });

  it('allows loopback only for local testing, and public addresses always', () => {
    for (const address of loopback) expect({ address, strict: isAllowedAddress(address, { allowLoopback: false }), local: isAllowedAddress(address, { allowLoopback: true }) }).toEqual({ address, strict: false, local: true });
    for (const address of publicAddresses) expect({ address, allowed: isAllowedAddress(address, { allowLoopback: false }) }).toEqual({ address, allowed: true });
  });

  it('checks names by what they resolve to, and IP literals as written', async () => {
    await expect(assertAllowedHost('localhost', { allowLoopback: false })).rejects.toThrow('address not allowed');
    await expect(assertAllowedHost('[::1]', { allowLoopback: false })).rejects.toThrow('address not allowed');
    await expect(assertAllowedHost('169.254.169.254', { allowLoopback: true })).rejects.toThrow('address not allowed');
    await expect(assertAllowedHost('localhost', { allowLoopback: true })).resolves.toBeUndefined();
  });

  it('refuses the connection itself when a name resolves to an address the policy refuses: the server never hears of it', async () => {
    let connections = 0;
    const server = http.createServer((_req, res) => res.end('{}'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = createHttpClient();
      for (const url of [`http://localhost:${port}/rest/batch`, `http://127.0.0.1:${port}/rest/batch`]) {
        const refused = await client.postJson(url, {}, { target: 'batch', timeoutMs: 2000, policy: { allowLoopback: false } }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(HttpCallError);
        expect((refused as HttpCallError).failure).toBe('refused');
      }
      expect(connections).toBe(0);
      expect((await client.postJson(`http://localhost:${port}/rest/batch`, {}, { target: 'batch', timeoutMs: 2000, policy: { allowLoopback: true } })).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
