"""A fake Telegram Bot API on loopback: the real client library talks HTTP to it.

It implements the documented methods the bot uses, with ``getUpdates`` offset semantics (an
offset confirms every update below it), records every call, and keeps, per chat, the ids of
the messages a phone would still show, so a test can check that ``/wipe`` cleared them all.
Only documented methods answer; anything else is 404, as on the real server.
"""

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlparse

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Helper", "username": "helper_bot"}
_INT_PARAMS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id"}


@dataclass
class Call:
    method: str
    params: dict


@dataclass
class FakeTelegram:
    token: str
    calls: list[Call] = field(default_factory=list)
    #: Message ids each chat still shows (the person's and the bot's).
    visible: dict[int, set[int]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    _queue: list[dict] = field(default_factory=list)
    _failures: dict[str, list[tuple[int, str, dict]]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(100))
    _cond: threading.Condition = field(default_factory=threading.Condition)

    # --- the test's side -------------------------------------------------------------------
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                fake._http(self)

            def do_GET(self):
                fake._http(self)

            def log_message(self, *args):  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def push(self, update: dict, *, update_id: int | None = None) -> dict:
        """Queue an update for ``getUpdates``; ``update_id`` given: deliver that id again."""
        update = {"update_id": update_id or next(self._ids), **update}
        with self._cond:
            self._queue.append(update)
            self._cond.notify_all()
        return update

    def message(self, chat_id: int, text: str | None = None, **fields) -> dict:
        """A private message from user ``chat_id`` (shown on their phone from now on)."""
        message_id = next(self._message_ids)
        self.visible.setdefault(chat_id, set()).add(message_id)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "from": {
                "id": chat_id,
                "is_bot": False,
                "first_name": "Test",
                "username": f"user{chat_id}",
                "language_code": fields.pop("language_code", "ru"),
            },
            **fields,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.push({"message": message})

    def press(self, chat_id: int, data: str, *, message_id: int) -> dict:
        """The person presses an inline button of bot message ``message_id``."""
        return self.push(
            {
                "callback_query": {
                    "id": f"cb{next(self._ids)}",
                    "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
                    "chat_instance": "ci",
                    "data": data,
                    "message": {
                        "message_id": message_id,
                        "date": int(time.time()),
                        "chat": {"id": chat_id, "type": "private"},
                        "from": BOT_USER,
                        "text": "…",
                    },
                }
            }
        )

    def fail(
        self,
        method: str,
        *,
        times: int = 1,
        status: int = 500,
        description: str = "Bad",
        parameters: dict | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error."""
        self._failures.setdefault(method, []).extend(
            [(status, description, parameters or {})] * times
        )

    def called(self, method: str) -> list[dict]:
        return [call.params for call in self.calls if call.method == method]

    def sent_to(self, chat_id: int) -> list[dict]:
        return [p for p in self.called("sendMessage") if p["chat_id"] == chat_id]

    # --- the bot's side --------------------------------------------------------------------
    def _http(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlparse(handler.path)
        path = unquote(url.path)  # the library percent-encodes the ':' of the token in file URLs
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        file_prefix = f"/file/bot{self.token}/"
        if path.startswith(file_prefix):
            data = self.files.get(path[len(file_prefix) :])
            self._reply(handler, 200 if data is not None else 404, data or b"", raw=True)
            return
        prefix, _sep, method = path.rpartition("/")
        if prefix != f"/bot{self.token}":
            self._error(
                handler,
                401 if prefix.startswith("/bot") else 404,
                "Unauthorized" if prefix.startswith("/bot") else "Not Found",
            )
            return
        params = self._params(handler, url.query, body)
        self.calls.append(Call(method, params))
        if self._failures.get(method):
            status, description, parameters = self._failures[method].pop(0)
            self._error(handler, status, description, parameters)
            return
        answer = getattr(self, f"_api_{method}", None)
        if answer is None:
            self._error(handler, 404, "Not Found: method not found")
            return
        result = answer(params)
        if isinstance(result, tuple):  # an error
            self._error(handler, *result)
            return
        self._reply(handler, 200, {"ok": True, "result": result})

    @staticmethod
    def _params(handler, query: str, body: bytes) -> dict:
        content_type = handler.headers.get("Content-Type", "")
        if "json" in content_type:
            raw = json.loads(body or b"{}")
        else:
            raw = dict(parse_qsl(query)) | dict(parse_qsl(body.decode()))
        params = {}
        for key, value in raw.items():
            if isinstance(value, str) and key in _INT_PARAMS:
                value = int(value)
            elif isinstance(value, str) and key in {"reply_markup", "allowed_updates", "commands"}:
                value = json.loads(value)
            params[key] = value
        return params

    @staticmethod
    def _reply(handler, status: int, payload, *, raw: bool = False) -> None:
        data = payload if raw else json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header(
            "Content-Type", "application/octet-stream" if raw else "application/json"
        )
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _error(self, handler, status: int, description: str, parameters: dict | None = None):
        payload = {"ok": False, "error_code": status, "description": description}
        if parameters:
            payload["parameters"] = parameters
        self._reply(handler, status, payload)

    def _api_getMe(self, params):
        return BOT_USER

    def _api_deleteWebhook(self, params):
        return True

    def _api_setMyCommands(self, params):
        return True

    def _api_answerCallbackQuery(self, params):
        return True

    def _api_getUpdates(self, params):
        offset = params.get("offset")
        deadline = time.monotonic() + min(params.get("timeout", 0), 5)
        with self._cond:
            if offset is not None:  # confirms every update below the offset
                self._queue = [u for u in self._queue if u["update_id"] >= offset]
            while not self._queue and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return list(self._queue[: params.get("limit", 100)])

    def _bot_message(self, chat_id: int, message_id: int, text: str) -> dict:
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }

    def _api_sendMessage(self, params):
        if len(params["text"]) > 4096:
            return 400, "Bad Request: message is too long"
        message_id = next(self._message_ids)
        self.visible.setdefault(params["chat_id"], set()).add(message_id)
        params["_message_id"] = message_id  # for tests that press this message's buttons
        return self._bot_message(params["chat_id"], message_id, params["text"])

    def _api_editMessageText(self, params):
        return self._bot_message(params["chat_id"], params["message_id"], params["text"])

    def _api_deleteMessage(self, params):
        shown = self.visible.get(params["chat_id"], set())
        if params["message_id"] not in shown:
            return 400, "Bad Request: message to delete not found"
        shown.discard(params["message_id"])
        return True

    def _api_getFile(self, params):
        file_id = params["file_id"]
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[file_id]),
            "file_path": file_id,
        }
