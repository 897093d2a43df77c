// Server-sent events from a ReadableStream: each tick reaches the client as
// it is produced, and the stream stops when the client goes away.
export function GET(request: Request) {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let tick = 0;
      timer = setInterval(() => {
        tick += 1;
        controller.enqueue(encoder.encode(`data: ${JSON.stringify({ tick })}\n\n`));
        if (tick === 3) {
          clearInterval(timer);
          controller.close();
        }
      }, 100);
      request.signal.addEventListener('abort', () => clearInterval(timer));
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform' },
  });
}
