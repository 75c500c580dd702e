// What the tool catalogue costs an agent per TOOL_PROFILE (o200k tokens), and how fast the local
// text tools answer through the MCP layer.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { loadConfig } from '../core/config.ts';
import { TOOL_PROFILES } from '../core/tool-profile.ts';
import { CATALOGUE_BUDGETS, measureCatalogue, measureTools, type CatalogueSize, type ToolSize } from '../mcp/catalogue-size.ts';
import { createServer } from '../mcp/server.ts';
import { percentile, round, startBenchGateway } from './support.ts';

export interface CatalogueFigures {
  profiles: (CatalogueSize & { profile: string; budget_model_visible: number | null; budget_whole: number | null })[];
  /** The full profile's tools, heaviest first. */
  tools: ToolSize[];
  local_tools_ms: { tool: string; p50: number; p99: number }[];
  catastrophic_regex_ms: number;
}

export async function benchCatalogue(options: { calls: number }): Promise<CatalogueFigures> {
  const bench = await startBenchGateway({});
  const clients: Client[] = [];
  const connect = async (profile: string) => {
    const config = { ...bench.gateway.mcpDeps!.config, toolGroups: loadConfig({ TOOL_PROFILE: profile }, '/nonexistent.env').toolGroups };
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await createServer({ ...bench.gateway.mcpDeps!, config }).connect(serverTransport);
    const client = new Client({ name: `bench-${profile}`, version: '1.0.0' });
    await client.connect(clientTransport);
    clients.push(client);
    return client;
  };
  try {
    const profiles: CatalogueFigures['profiles'] = [];
    let perTool: ToolSize[] = [];
    for (const profile of Object.keys(TOOL_PROFILES)) {
      const { tools } = await (await connect(profile)).listTools();
      const budget = CATALOGUE_BUDGETS[profile];
      profiles.push({ profile, ...measureCatalogue(tools), budget_model_visible: budget?.model_visible_tokens ?? null, budget_whole: budget?.whole_tokens ?? null });
      if (profile === 'full') perTool = measureTools(tools);
    }
    const client = await connect('full');
    const text = 'The quick brown fox, 42 times. '.repeat(3_000);
    const json = JSON.stringify({ items: Array.from({ length: 2_000 }, (_, index) => ({ id: index, price: index % 50 })) });
    const calls: [string, Record<string, unknown>][] = [
      ['clean_text', { text: `<p>${text}</p>` }],
      ['text_stats', { text }],
      ['regex_extract', { text, pattern: '\\d+', max_matches: 100 }],
      ['diff_text', { original: text, modified: text.replace('fox', 'cat') }],
      ['query_json', { json, query: 'items[?price > `40`].id | length(@)' }],
      ['convert_format', { content: json, from: 'json', to: 'yaml' }],
    ];
    const local_tools_ms: CatalogueFigures['local_tools_ms'] = [];
    for (const [tool, args] of calls) {
      const timings: number[] = [];
      for (let index = 0; index < options.calls; index += 1) {
        const started = performance.now();
        const result = await client.callTool({ name: tool, arguments: args });
        if (result.isError) throw new Error(`${tool} failed in the benchmark: ${JSON.stringify(result.content)}`);
        timings.push(performance.now() - started);
      }
      timings.sort((left, right) => left - right);
      local_tools_ms.push({ tool, p50: round(percentile(timings, 0.5), 2), p99: round(percentile(timings, 0.99), 2) });
    }
    const started = performance.now();
    await client.callTool({ name: 'regex_extract', arguments: { text: `${'a'.repeat(40)}!`, pattern: '^(a+)+$' } });
    return { profiles, tools: perTool, local_tools_ms, catastrophic_regex_ms: round(performance.now() - started, 0) };
  } finally {
    for (const client of clients) await client.close().catch(() => undefined);
    await bench.stop();
  }
}
