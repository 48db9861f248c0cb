/** A web ReadableStream (a request body) as an async iterable of chunks, read one at a time. */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    // Stops reading what is left (a refused upload) instead of buffering it.
    await reader.cancel().catch(() => {});
  }
}
