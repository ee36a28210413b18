// Installed in every benchmarked page before any of the page's own scripts
// (Playwright's addInitScript). It only watches: it never touches the DOM
// and keeps its records in fixed-size buffers, so that it adds next to
// nothing to the page's time and memory.
//
// - Frames: a requestAnimationFrame loop (its callback is the first of each
//   frame) notes when frame k starts and posts a MessageChannel message; the
//   message runs right after that frame's rendering (style, layout, paint),
//   so its time is "frame k has been painted".
// - DOM changes: one MutationObserver over the whole document notes when the
//   first `article.card` appeared, the first change while an input is
//   being recorded, the latest change, and when the result
//   count (the role=status line "N procedures" or "N of M procedures") first
//   differed from a baseline. A change made while frame k renders (in an
//   animation callback) is painted by frame k; any other change is painted
//   by the first frame that starts after it.
// - Input: capture-phase listeners on window note each click, keydown and
//   input event's `timeStamp` (when the browser received the input) and
//   whether it was trusted. Any frame starting after the listener ran
//   includes every handler of that event.
// - Event Timing: PerformanceEventTiming entries of 16 ms and more, to
//   cross-check the latencies.
// - Long tasks: every main-thread task of 50 ms and more (Long Tasks API),
//   for how long loading keeps the page from answering.
// - Wasm memory: the Memory exported by any instantiated module.
(() => {
  const now = () => performance.now();
  const FRAMES = 8192;
  const frameStart = new Float64Array(FRAMES);
  const frameDone = new Float64Array(FRAMES);
  let started = 0;
  let done = 0;
  // The frame whose animation callbacks are running, if any.
  let rendering = null;

  const probe = {
    firstCard: null,
    firstChange: null,
    lastChange: null,
    statusBaseline: null,
    statusChange: null,
    recording: false,
    inputs: [],
    eventTimings: [],
    longTasks: [],
    memories: [],
  };
  Object.defineProperty(window, '__benchProbe', { value: probe });

  /** Now, and the frame that will paint what changes now if one is rendering. */
  const stamp = () => ({ t: now(), frame: rendering });

  // Frames.
  const frames = new MessageChannel();
  frames.port1.onmessage = (message) => {
    const k = message.data;
    frameDone[k % FRAMES] = now();
    done = k + 1;
    if (rendering === k) rendering = null;
  };
  const loop = () => {
    const k = started;
    frameStart[k % FRAMES] = now();
    frameDone[k % FRAMES] = 0;
    started = k + 1;
    rendering = k;
    frames.port2.postMessage(k);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  /** When the change noted in `s` had been painted, or null if not yet. */
  probe.paintOf = (s) => {
    if (s === null) return null;
    if (s.frame !== null) return s.frame < done && s.frame >= done - FRAMES ? frameDone[s.frame % FRAMES] : null;
    for (let k = Math.max(0, done - FRAMES); k < done; k += 1) {
      if (frameStart[k % FRAMES] > s.t) return frameDone[k % FRAMES];
    }
    return null;
  };

  // The result count line.
  const countPattern = /^\d[\d,]*( of \d[\d,]*)? procedures?$/;
  probe.statusText = () => {
    for (const element of document.querySelectorAll('[role=status]')) {
      const text = element.textContent.trim();
      if (countPattern.test(text)) return text;
    }
    return null;
  };
  /** Starts watching for the result count to differ from what it says now. */
  probe.watchStatus = () => {
    probe.statusBaseline = probe.statusText();
    probe.statusChange = null;
    return probe.statusBaseline;
  };

  // DOM changes.
  const hasCard = (node) => node.nodeType === 1 && (node.matches('article.card') || node.querySelector('article.card') !== null);
  new MutationObserver((records) => {
    const s = stamp();
    probe.lastChange = s;
    if (probe.recording && probe.firstChange === null) probe.firstChange = s;
    if (probe.firstCard === null && records.some((r) => Array.prototype.some.call(r.addedNodes, hasCard))) probe.firstCard = s;
    if (probe.statusBaseline !== null && probe.statusChange === null) {
      const text = probe.statusText();
      if (text !== null && text !== probe.statusBaseline) probe.statusChange = s;
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });

  // Input. An input event runs in a task of its own, never during a frame.
  for (const type of ['click', 'keydown', 'input']) {
    addEventListener(
      type,
      (event) => {
        rendering = null;
        if (!probe.recording) return;
        probe.inputs.push({ type, key: event.key ?? null, timeStamp: event.timeStamp, trusted: event.isTrusted, seen: stamp() });
      },
      { capture: true },
    );
  }

  // Event Timing.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (probe.eventTimings.length < 10000) probe.eventTimings.push({ name: e.name, start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    // No Event Timing in this browser: the cross-check is left out.
  }

  // Long tasks.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (probe.longTasks.length < 10000) probe.longTasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API in this browser: the load's blocking is left out.
  }

  // Wasm memory.
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    const memory = instance?.exports?.memory;
    if (memory instanceof WebAssembly.Memory && !probe.memories.includes(memory)) probe.memories.push(memory);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original === 'function') {
      WebAssembly[name] = function (...args) {
        return original.apply(this, args).then(keep);
      };
    }
  }
  addEventListener('TrunkApplicationStarted', (event) => keep({ instance: { exports: event.detail?.wasm ?? {} } }));
  probe.wasmBytes = () => probe.memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0);
})();
