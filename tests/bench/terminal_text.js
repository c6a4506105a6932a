// The bench's reader of textual-serve's terminal, put into the page by browser.py.
//
// Why xterm.js's buffer: textual-serve draws with xterm.js's WebGL or canvas renderer, so
// the page's DOM and accessibility tree hold no screen text (screenReaderMode is off).  The
// buffer is exactly what the renderer paints: xterm.js draws the buffer's viewport at the
// next animation frame after a write, then fires onRender.  So `waitFor` checks the text at
// each onRender and stamps the first render that shows it: the moment a person could see it.
(() => {
  const bench = {
    term: null,
    waiting: [],
    // Wrap Terminal.prototype.write once: its first call (the app's first output) hands
    // over the page's terminal, before that output is parsed.
    hook(prototype) {
      const write = prototype.write;
      const bench = this;
      prototype.write = function (...args) {
        prototype.write = write;
        bench.firstWriteAt = bench.now();
        bench.attach(this);
        return write.apply(this, args);
      };
    },
    dataAt: 0,
    attach(term) {
      this.term = term;
      term.onData(() => { this.dataAt = this.now(); });  // a key on its way to the server
      for (const start of this.waiting.splice(0)) start();
    },
    whenAttached(start) {
      if (this.term) start();
      else this.waiting.push(start);
    },
    text() {
      const term = this.term;
      if (!term) return "";
      const buffer = term.buffer.active;
      const lines = [];
      for (let y = 0; y < term.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        lines.push(line ? line.translateToString(true) : "");
      }
      return lines.join("\n");
    },
    now() { return performance.timeOrigin + performance.now(); },
    // Resolves with the time of the first render of the terminal whose text matches
    // (or at once, if it already does); `row` narrows the check to one line of the screen.
    waitFor(pattern, timeoutMs, row) {
      const wanted = new RegExp(pattern);
      const shown = () => {
        const text = this.text();
        return row === undefined || row < 0 ? text : (text.split("\n")[row] || "");
      };
      return new Promise((resolve) => {
        let rendered = null;
        let parsed = null;
        let parsedAt = null;  // when xterm.js had the text in its buffer, before painting it
        let timer = null;
        const finish = (result) => {
          if (rendered) rendered.dispose();
          if (parsed) parsed.dispose();
          clearTimeout(timer);
          resolve({ ...result, parsedAt: parsedAt === null ? result.at : parsedAt });
        };
        const look = () => {
          const text = shown();
          if (wanted.test(text)) finish({ at: this.now(), text });
        };
        timer = setTimeout(() => finish({ timedOut: true, text: this.text() }), timeoutMs);
        this.whenAttached(() => {
          rendered = this.term.onRender(look);
          parsed = this.term.onWriteParsed(() => {
            if (parsedAt === null && wanted.test(shown())) parsedAt = this.now();
          });
          const text = shown();
          if (wanted.test(text)) finish({ at: this.now(), text, already: true });
        });
      });
    },
    // watch() starts a waitFor and returns at once, so the key that should change the text is
    // sent only once the watch is in place; seen() is its answer.
    watch(pattern, timeoutMs, row) { this.pending = this.waitFor(pattern, timeoutMs, row); },
    seen() { return this.pending; },
    focus() { this.term.focus(); return document.activeElement.className; },
  };
  window.__peertuiBench = bench;
})();
