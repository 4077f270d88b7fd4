"""Runs a command under a real pseudo-terminal and reports what the terminal showed.

usage: pty-run.py TIMEOUT_S INTERRUPT_REGEX|'' -- command args...
Writes a JSON object on stdout: {"output": ..., "code": exit code (128+n for a signal), "interruptedAt": s or null,
"elapsed": s}. When INTERRUPT_REGEX matches the output so far, a Ctrl-C (ETX) is typed into the terminal, as a person
would: the terminal driver sends SIGINT to the foreground process group.
"""
import json, os, pty, re, select, sys, time

timeout, pattern = float(sys.argv[1]), sys.argv[2]
command = sys.argv[sys.argv.index('--') + 1:]
interrupt = re.compile(pattern.encode()) if pattern else None
started = time.time()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
output, interrupted_at = b'', None
while True:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            break
        output += data
    if interrupt and interrupted_at is None and interrupt.search(output):
        os.write(fd, b'\x03')
        interrupted_at = time.time() - started
    if time.time() - started > timeout:
        os.kill(pid, 9)
        break
_, status = os.waitpid(pid, 0)
json.dump({'output': output.decode('utf-8', 'replace'), 'code': os.waitstatus_to_exitcode(status) % 256 if os.WIFEXITED(status) else 128 + os.WTERMSIG(status),
           'interruptedAt': interrupted_at, 'elapsed': time.time() - started}, sys.stdout)
