// Lets a job tool also run as an MCP task: `offerAsTask(deps, TOOL, registered, present)` after
// registerTool. A caller that asks for a task gets one at once whose id is the job id; a caller that
// does not gets the tool's ordinary answer (waiting, progress, cancellation) as before.
import type { RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CreateTaskRequestHandlerExtra, TaskRequestHandlerExtra } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { CreateTaskResult } from '@modelcontextprotocol/sdk/experimental/tasks/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpDeps } from '../deps.ts';
import type { ToolExtra } from '../run-job-tool.ts';
import { toolError } from '../tool-result.ts';
import { withTaskJob } from './task-job.ts';

type ToolCallback = (args: unknown, extra: ToolExtra) => Promise<CallToolResult>;

export function offerAsTask<Result>(deps: Pick<McpDeps, 'tasks'>, tool: string, registered: RegisteredTool, present: (result: Result) => object): void {
  const store = deps.tasks;
  if (!store) return;
  store.offer(tool, present);
  const callback = registered.handler as unknown as ToolCallback;
  // The SDK calls createTask(args, extra) for tools with an input schema; getTask and getTaskResult
  // complete its ToolTaskHandler shape.
  const handler = {
    createTask: async (args: unknown, extra: CreateTaskRequestHandlerExtra): Promise<CreateTaskResult> => {
      const task = await extra.taskStore.createTask({ ttl: extra.taskRequestedTtl ?? null });
      try {
        if (store.isDirect(task.taskId)) return { task: store.settle(task.taskId, await callback(args, extra)) };
        const job = { jobId: task.taskId, started: false };
        // A task's job is a background job: regular activities that any worker can run and resume.
        const result = await callback({ ...(args as object), background: true }, withTaskJob(extra, job));
        if (job.started) {
          store.jobStarted(task.taskId);
          return { task: (await store.getTask(task.taskId)) ?? task };
        }
        return { task: store.settle(task.taskId, result) };
      } catch (error) {
        return { task: store.settle(task.taskId, toolError(`${tool}: ${(error as Error).message}`)) };
      }
    },
    getTask: async (_args: unknown, extra: TaskRequestHandlerExtra) => extra.taskStore.getTask(extra.taskId),
    getTaskResult: async (_args: unknown, extra: TaskRequestHandlerExtra) => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
  };
  registered.handler = handler as unknown as RegisteredTool['handler'];
  registered.execution = { ...registered.execution, taskSupport: 'optional' };
}
