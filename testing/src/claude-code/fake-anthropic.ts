import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Token counts the fake answered with, as the Messages API names them. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/** One answer the fake gave: the ground truth the tests compare Claude Code's telemetry with. */
export interface Answer {
  model: string;
  /** 200, or the scripted error status. */
  status: number;
  /** The usage sent, for a 200 answer. */
  usage: Usage | null;
  /** `tool_use` when it asked Claude Code to run a command, else `end_turn`. */
  stopReason: 'tool_use' | 'end_turn' | null;
}

/**
 * A fake Anthropic Messages API on 127.0.0.1, scripted by the prompt Claude Code forwards: each
 * `[bash:<command>]` in the prompt becomes one `tool_use` turn asking for that Bash command (its exit
 * status decides whether the tool succeeds), `[error:<status>]` answers the prompt with that HTTP error,
 * anything else gets a text answer. Every answer streams as Server-Sent Events with distinct usage, and is
 * logged in {@link answers}. A prompt resumed after a refused one reaches the API merged with it (Claude
 * Code joins consecutive user turns), so the refusal repeats: put `[error:…]` in a session's last prompt.
 */
export class FakeAnthropic {
  readonly answers: Answer[] = [];
  /** Requests to anything but POST /v1/messages, which the fake refuses. */
  readonly unexpected: string[] = [];
  private readonly server: Server;

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<FakeAnthropic> {
    let fake: FakeAnthropic | undefined;
    const server = createServer((request, response) => {
      fake?.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    fake = new FakeAnthropic(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (request.method !== 'POST' || path !== '/v1/messages') {
      this.unexpected.push(`${request.method} ${request.url}`);
      return error(response, 404, 'not_found_error', `the fake serves POST /v1/messages only`);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString()) as MessagesRequest;
    const { commands, errorStatus, toolResultsSince } = script(body.messages);
    if (errorStatus !== undefined) {
      this.answers.push({ model: body.model, status: errorStatus, usage: null, stopReason: null });
      return error(response, errorStatus, 'invalid_request_error', 'fake: provoked error');
    }
    const n = this.answers.length + 1;
    const usage: Usage = {
      input_tokens: 100 + 7 * n,
      output_tokens: 10 + 3 * n,
      cache_read_input_tokens: 1000 + 11 * n,
      cache_creation_input_tokens: 5 + n,
    };
    const command = commands[toolResultsSince];
    const stopReason = command === undefined ? 'end_turn' : 'tool_use';
    this.answers.push({ model: body.model, status: 200, usage, stopReason });
    const block =
      command === undefined
        ? { start: { type: 'text', text: '' }, delta: { type: 'text_delta', text: `Done (${n}).` } }
        : {
            start: { type: 'tool_use', id: `toolu_fake${n}`, name: 'Bash', input: {} },
            delta: {
              type: 'input_json_delta',
              partial_json: JSON.stringify({ command, description: 'Run the command' }),
            },
          };
    response.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': `req_fake${n}` });
    const send = (type: string, data: object) =>
      response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    const { output_tokens, ...startUsage } = usage;
    send('message_start', {
      message: {
        id: `msg_fake${n}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...startUsage, output_tokens: 1 },
      },
    });
    send('content_block_start', { index: 0, content_block: block.start });
    send('content_block_delta', { index: 0, delta: block.delta });
    send('content_block_stop', { index: 0 });
    send('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens },
    });
    send('message_stop', {});
    response.end();
  }
}

interface MessagesRequest {
  model: string;
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}

/** The directives of the latest prompt, and how many tool results Claude Code has sent back since it. */
function script(messages: MessagesRequest['messages']) {
  let prompt = '';
  let toolResultsSince = 0;
  for (const message of messages) {
    if (message.role !== 'user') continue;
    const blocks =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    const results = blocks.filter((block) => block.type === 'tool_result').length;
    const text = blocks.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('\n');
    if (results > 0) toolResultsSince += results;
    else if (text.trim() !== '') {
      prompt = text;
      toolResultsSince = 0;
    }
  }
  const commands = [...prompt.matchAll(/\[bash:([^\]]+)\]/g)].map((match) => match[1] as string);
  const status = /\[error:(\d{3})\]/.exec(prompt)?.[1];
  return { commands, errorStatus: status === undefined ? undefined : Number(status), toolResultsSince };
}

function error(response: ServerResponse, status: number, type: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ type: 'error', error: { type, message } }));
}
