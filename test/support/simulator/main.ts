// Runs the provider simulator as its own process (benchmarks, manual runs). Prints its URLs as JSON.
import { parseArgs } from 'node:util';
import { startSimulator } from './index.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'latency-ms': { type: 'string', default: '0' }, 'latency-max-ms': { type: 'string', default: '0' } } });
const simulator = await startSimulator({ port: Number(values.port) });
simulator.setDefaults({ latencyMs: Number(values['latency-ms']), latencyMaxMs: Number(values['latency-max-ms']) });
process.stdout.write(`${JSON.stringify({ url: simulator.url, openaiBaseUrl: simulator.openaiBaseUrl })}\n`);
const stop = () => void simulator.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
