import { createLogger } from '../../shared/logger';

function capture() {
  const lines: string[] = [];
  return { lines, sink: { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) } };
}

describe('logger', () => {
  it('never writes a registered secret, even inside an error message', () => {
    const { lines, sink } = capture();
    const log = createLogger(sink, ['client-secret-123']);
    log.addSecrets('access-token-abcdef', undefined, 'abc');
    log.info('call', { note: 'sent access-token-abcdef to client-secret-123' });
    log.error('failed', {}, new Error('token access-token-abcdef rejected'));
    expect(lines.join('\n')).not.toMatch(/access-token-abcdef|client-secret-123/);
    expect(lines[0]).toContain('[redacted]');
  });

  it('writes the event and its fields as one line, with error names and codes', () => {
    const { lines, sink } = capture();
    const error = Object.assign(new Error('boom', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }), { code: 'E1' });
    createLogger(sink).error('request.failed', { invocationId: 'id-1' }, error);
    expect(lines).toEqual(['request.failed invocationId="id-1" error="Error" message="boom" code="E1" cause="Error" causeCode="ECONNRESET"']);
  });
});
