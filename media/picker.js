// The QR panel's script: renders the state the extension posts, and sends the user's clicks back.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  let state = vscode.getState() || undefined;
  /** @type {Record<string, string>} */
  const strings = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('strings')).textContent || '{}');
  const format = (key, ...args) => (strings[key] || key).replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
  let timer;

  const send = (message) => vscode.postMessage(message);
  $('open').addEventListener('click', () => send({ type: 'openInBrowser' }));
  $('link').addEventListener('click', (e) => {
    e.preventDefault();
    send({ type: 'openInBrowser' });
  });
  $('copy').addEventListener('click', () => send({ type: 'copyLink' }));
  $('signin-open').addEventListener('click', () => send({ type: 'openInBrowser' }));
  $('signin-link').addEventListener('click', (e) => {
    e.preventDefault();
    send({ type: 'openInBrowser' });
  });
  $('copy-code').addEventListener('click', () => send({ type: 'copyCode' }));
  $('cancel').addEventListener('click', () => send({ type: 'cancel' }));
  $('retry').addEventListener('click', () => send({ type: 'retry' }));
  $('reveal').addEventListener('click', () => send({ type: 'reveal' }));

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'state') {
      state = message.state;
      vscode.setState(state);
      render();
    }
  });

  function clock(ms) {
    const total = Math.max(0, Math.round(ms / 1000));
    return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
  }

  /** Counts down to the deadline in the element, every second, until the next render. */
  function countdown(id, key, deadline) {
    const tick = () => {
      $(id).textContent = deadline ? format(key, clock(deadline - Date.now())) : '';
    };
    tick();
    timer = setInterval(tick, 1000);
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  function render() {
    clearInterval(timer);
    if (!state) return;
    document.body.dataset.phase = state.phase;
    show('signin', state.phase === 'sign-in');
    show('waiting', state.phase === 'waiting');
    show('progress', state.phase === 'downloading');
    show('result', state.phase === 'done');
    show('failure', state.phase === 'error');
    const status = $('status');
    switch (state.phase) {
      case 'sign-in': {
        status.textContent = format('signIn');
        $('user-code').textContent = state.userCode || '';
        /** @type {HTMLImageElement} */ ($('signin-qr')).src = state.qrDataUri || '';
        $('signin-link').textContent = state.verificationUrl || '';
        countdown('signin-countdown', 'codeLeft', state.deadline);
        break;
      }
      case 'signed-in':
        status.textContent = format('signedIn');
        break;
      case 'starting':
        status.textContent = format('starting');
        break;
      case 'waiting': {
        status.textContent = format('waiting');
        /** @type {HTMLImageElement} */ ($('qr')).src = state.qrDataUri || '';
        $('link').textContent = state.pickerUri || '';
        countdown('countdown', 'leftToPick', state.deadline);
        break;
      }
      case 'downloading': {
        status.textContent = state.total ? format('downloading', state.done, state.total) : format('picked', state.total);
        const bar = /** @type {HTMLProgressElement} */ ($('bar'));
        bar.max = Math.max(1, state.total || 0);
        bar.value = state.done || 0;
        break;
      }
      case 'done': {
        const count = (state.files || []).length;
        status.textContent = count === 1 ? format('importedOne', state.folderLabel) : format('importedMany', count, state.folderLabel);
        const list = $('files');
        list.replaceChildren(...(state.files || []).map((f) => {
          const li = document.createElement('li');
          const button = document.createElement('button');
          button.className = 'linklike';
          button.textContent = f.name;
          button.title = format('reveal', f.name);
          button.addEventListener('click', () => send({ type: 'reveal', path: f.path }));
          li.append(button);
          return li;
        }));
        $('problems').replaceChildren(...[...(state.skipped || []), ...(state.failed || [])].map((text) => {
          const li = document.createElement('li');
          li.textContent = text;
          return li;
        }));
        break;
      }
      case 'error':
        status.textContent = format('failed');
        $('error').textContent = state.message || '';
        break;
      case 'cancelled':
        status.textContent = state.message || format('cancelled');
        break;
    }
  }

  render();
  send({ type: 'ready' });
})();
