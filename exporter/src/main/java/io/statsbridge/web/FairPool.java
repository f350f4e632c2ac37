package io.statsbridge.web;

import io.statsbridge.log.Log;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A few threads that run tasks queued per client, one task of each client in turn. A client that
 * floods waits behind its own tasks only: another client's task starts after at most one task of
 * each client waiting before it. Bounded: at most {@code perClient} tasks wait per client and
 * {@code clients} clients at once; past either, {@link #submit} refuses at once rather than queue.
 */
final class FairPool implements AutoCloseable {
  private static final Log LOG = Log.of(FairPool.class);

  private final int perClient;
  private final int clients;
  private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();

  /** The clients with waiting tasks, in the order of their turns. */
  private final ArrayDeque<String> turns = new ArrayDeque<>();

  private final List<Thread> threads;
  private boolean closed;

  FairPool(String name, int threads, int perClient, int clients) {
    this.perClient = perClient;
    this.clients = clients;
    this.threads =
        IntStream.rangeClosed(1, threads)
            .mapToObj(
                i -> {
                  Thread t = new Thread(this::work, name + "-" + i);
                  t.setDaemon(true);
                  return t;
                })
            .toList();
    this.threads.forEach(Thread::start);
  }

  /** Queues {@code task} in {@code client}'s turn; false when its queue or the pool is full. */
  synchronized boolean submit(String client, Runnable task) {
    if (closed) {
      return false;
    }
    ArrayDeque<Runnable> queue = waiting.get(client);
    if (queue == null) {
      if (waiting.size() >= clients) {
        return false;
      }
      queue = new ArrayDeque<>();
      waiting.put(client, queue);
      turns.addLast(client);
    } else if (queue.size() >= perClient) {
      return false;
    }
    queue.addLast(task);
    notify();
    return true;
  }

  /** The next client's next task; null once closed. */
  private synchronized Runnable next() throws InterruptedException {
    while (turns.isEmpty()) {
      if (closed) {
        return null;
      }
      wait();
    }
    String client = turns.pollFirst();
    ArrayDeque<Runnable> queue = waiting.get(client);
    Runnable task = queue.pollFirst();
    if (queue.isEmpty()) {
      waiting.remove(client);
    } else {
      turns.addLast(client);
    }
    return task;
  }

  private void work() {
    try {
      for (Runnable task = next(); task != null; task = next()) {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("authentication task failed", "err", e.toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      waiting.clear();
      turns.clear();
      notifyAll();
    }
    threads.forEach(Thread::interrupt);
  }
}
