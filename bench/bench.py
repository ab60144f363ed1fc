#!/usr/bin/env python3
"""bench.py: Ferry side by side with nc, socat, scp, rsync and
python3 -m http.server + curl over 127.0.0.1. Started by bench/run; see
bench/README.md. Python 3 standard library only.

Outline:
  1. build a Release ferry into build-bench/ and install missing tools;
  2. make the data sets in ${TMPDIR:-/var/tmp}/ferry-bench.XXXX;
  3. start a throwaway sshd (127.0.0.1, own keys and config) and an
     http.server over the data folder;
  4. for each data set, let the tools of PAIRS take turns for --rounds
     rounds, every copy checked byte for byte afterwards;
  5. window and discovery start-up times, binary sizes;
  6. print the tables and write them to docs/BENCHMARKS.md.
"""
import argparse
import datetime
import hashlib
import os
import random
import select
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(REPO, "build-bench")
FERRY = os.path.join(BUILD, "ferry")
PY = sys.executable or "python3"
KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30

# --------------------------------------------------------------------------
# What is measured
# --------------------------------------------------------------------------


class Dataset:
    def __init__(self, key, kind, count, size):
        self.key, self.kind, self.count, self.size = key, kind, count, size
        self.total = count * size
        self.path = self.name = None  # set once made

    @property
    def title(self):
        if self.kind == "file":
            return "one %s file" % binary(self.size)
        return "%s files of %s in nested folders" % (f"{self.count:,}", binary(self.size))


def datasets(quick):
    """The data sets, full size or --quick."""
    return [
        Dataset("file4g", "file", 1, 256 * MiB if quick else 4 * GiB),
        Dataset("file1g", "file", 1, 64 * MiB if quick else 1 * GiB),
        Dataset("small", "tree", 1000 if quick else 10000, 4 * KiB),
        Dataset("medium", "tree", 20 if quick else 200, 5 * MiB),
    ]


FILE_TOOLS = ["ferry", "nc", "socat", "scp", "scp-aes128gcm", "rsync", "http"]
TREE_TOOLS = ["ferry", "nc", "socat", "scp", "scp-aes128gcm", "rsync"]

# (data set, tool): every pair measured, in this order. Within one data set
# the tools take turns, round after round (ferry, nc, ..., ferry, nc, ...).
PAIRS = ([("file4g", t) for t in FILE_TOOLS] + [("file1g", t) for t in FILE_TOOLS] +
         [("small", t) for t in TREE_TOOLS] + [("medium", t) for t in TREE_TOOLS])

# Tool key -> (label for a single file, label for a folder tree, programs needed)
TOOL_INFO = {
    "ferry": ("ferry (encrypted)", "ferry (encrypted)", []),
    "nc": ("nc", "tar + nc", ["nc.openbsd", "tar"]),
    "socat": ("socat", "tar + socat", ["socat", "tar"]),
    "scp": ("scp (default cipher)", "scp -r (default cipher)", ["scp", "ssh", "sshd"]),
    "scp-aes128gcm": ("scp -c aes128-gcm", "scp -r -c aes128-gcm", ["scp", "ssh", "sshd"]),
    "rsync": ("rsync over ssh", "rsync -a over ssh", ["rsync", "ssh", "sshd"]),
    "http": ("http.server + curl", "http.server + curl", ["curl"]),
}

# Debian packages for the programs above (installed when missing, as root).
PACKAGES = {"nc.openbsd": "netcat-openbsd", "socat": "socat", "sshd": "openssh-server",
            "ssh": "openssh-client", "scp": "openssh-client", "rsync": "rsync", "curl": "curl",
            "tar": "tar", "/usr/bin/time": "time", "openssl": "openssl", "ip": "iproute2", "cmp": "diffutils", "diff": "diffutils"}

# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def binary(n):
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size and n % size == 0:
            return "%d %s" % (n // size, unit)
    return "%d bytes" % n


def say(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def which(prog):
    if prog == "sshd":
        return shutil.which("sshd") or shutil.which("sshd", path="/usr/sbin:/sbin")
    return shutil.which(prog) or shutil.which(prog, path="/usr/sbin:/sbin")


def tail(path, n=5):
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").strip().splitlines()
        return " / ".join(lines[-n:])
    except OSError:
        return ""


def first_line(cmd):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=10)
        return (r.stdout.decode("utf-8", "replace").strip().splitlines() or [""])[0]
    except (OSError, subprocess.TimeoutExpired):
        return ""


LIVE = []  # our processes still running: killed (whole group) on exit


def spawn(cmd, log, env=None, stdin_path=None, stdout_path=None, **kw):
    """Starts cmd in its own process group; stderr (and stdout unless
    stdout_path) go to log."""
    with open(log, "ab") as lf, open(stdin_path or os.devnull, "rb") as fin:
        fout = open(stdout_path, "wb") if stdout_path else lf
        try:
            p = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=lf, env=env, start_new_session=True, **kw)
        finally:
            if stdout_path:
                fout.close()
    LIVE.append(p)
    return p


def reap(p):
    """Waits for p; returns (exit code, user+sys CPU seconds of it and the
    children it waited for). (Its ru_maxrss would be no use: a process
    forked from Python keeps Python's peak RSS across exec.)"""
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p in LIVE:
        LIVE.remove(p)
    return p.returncode, ru.ru_utime + ru.ru_stime


def kill(p, sig=signal.SIGKILL):
    if p.returncode is None:
        try:
            os.killpg(p.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def stop(p, grace=3.0):
    """SIGTERM, then SIGKILL; reaps."""
    if p.returncode is None:
        kill(p, signal.SIGTERM)
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            kill(p)
            p.wait()
    if p in LIVE:
        LIVE.remove(p)


class Watchdog:
    """Kills the processes of one run if it outlives its time."""

    def __init__(self, secs, procs):
        self.fired, self.procs = False, procs
        self.t = threading.Timer(secs, self.fire)
        self.t.daemon = True
        self.t.start()

    def fire(self):
        self.fired = True
        for p in list(self.procs):
            kill(p)

    def cancel(self):
        self.t.cancel()


def tcp_ports(listening_only):
    ports = set()
    for f in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(f) as fh:
                next(fh)
                for line in fh:
                    parts = line.split()
                    if not listening_only or parts[3] == "0A":
                        ports.add(int(parts[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return ports


USED_PORTS = set()


def free_port():
    """A random high port nobody uses (and we did not hand out before)."""
    for _ in range(200):
        port = random.randint(20000, 60999)
        if port in USED_PORTS or port in tcp_ports(False):
            continue
        try:
            for host in ("127.0.0.1", "0.0.0.0"):
                with socket.socket() as s:
                    s.bind((host, port))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.bind(("0.0.0.0", port))
        except OSError:
            continue
        USED_PORTS.add(port)
        return port
    raise RuntimeError("no free port found")


def settle_disk():
    """Writes back what earlier copies left dirty before the next one is
    timed: otherwise whichever tool comes first after a big write (the data
    set's creation, the last tool of a round) is throttled by the kernel's
    writeback of someone else's data. Not timed."""
    os.sync()
    time.sleep(0.2)


def wait_listen(port, proc, log, secs=20.0):
    """Waits until something listens on TCP port (read from /proc, so
    one-shot listeners like nc are not disturbed by a test connection)."""
    end = time.monotonic() + secs
    while time.monotonic() < end:
        if port in tcp_ports(True):
            return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("exited with status %s before listening: %s" % (proc.returncode, tail(log)))
        time.sleep(0.01)
    raise RuntimeError("not listening on port %d after %.0f s: %s" % (port, secs, tail(log)))


def proc_cpu(pid):
    """CPU seconds of a running process, its threads and the children it
    has waited for (/proc/PID/stat utime+stime+cutime+cstime)."""
    with open("/proc/%d/stat" % pid) as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in rest[11:15]) / os.sysconf("SC_CLK_TCK")


def children(pid):
    try:
        out = []
        for t in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, t)) as f:
                out += f.read().split()
        return out
    except OSError:
        return []


# ---- guest memory ----------------------------------------------------------------
# Some VMs (virtio-balloon "free page reporting") hand every freed page back
# to their host at once; the next process that needs that memory pays a host
# fault per page, about 3.5 CPU-seconds per GiB here. Received copies live in
# the page cache and are deleted after each copy, so whichever tool happens to
# write onto freshly returned memory looks 3x slower, and which one that is
# depends on timing, not on the tool. The bench turns reporting off for the
# run (and puts it back after), and touches each data set's size of memory
# once before its rounds, so every tool writes onto memory the guest owns.
PAGE_REPORTING = "/sys/module/page_reporting/parameters/page_reporting_order"
NO_REPORTING_ORDER = "11"  # above the largest buddy order: nothing is reported


def pause_page_reporting(b):
    try:
        with open(PAGE_REPORTING) as f:
            old = f.read().strip()
    except OSError:
        b.memory_note = "no free page reporting on this machine"
        return
    if b.args.keep_page_reporting:
        b.memory_note = ("free page reporting left on (--keep-page-reporting, order %s): a tool writing onto "
                         "memory the host took back pays for it" % old)
        return
    if old == NO_REPORTING_ORDER:
        b.memory_note = "free page reporting was already off (order %s)" % old
        return
    try:
        with open(PAGE_REPORTING, "w") as f:
            f.write(NO_REPORTING_ORDER)
    except OSError as e:
        b.memory_note = "free page reporting is on and could not be paused (%s)" % e.strerror
        return
    b.reporting = old
    b.memory_note = ("this VM hands freed memory back to its host (free page reporting, order %s); paused for "
                     "the run and restored after, and each data set's size of memory touched once before its "
                     "rounds" % old)
    say("paused free page reporting (page_reporting_order %s -> %s) until the bench ends" % (old, NO_REPORTING_ORDER))


def resume_page_reporting(b):
    if b.reporting is None:
        return
    try:
        with open(PAGE_REPORTING, "w") as f:
            f.write(b.reporting)
        say("free page reporting restored (page_reporting_order %s)" % b.reporting)
    except OSError as e:
        say("could not restore page_reporting_order %s: %s" % (b.reporting, e.strerror))
    b.reporting = None


def touch_memory(b, nbytes):
    """Writes and deletes nbytes in the receive folder (untimed), so the page
    cache the copies will use is memory the guest already holds."""
    path = os.path.join(b.tmp, "recv", "warm-up")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    block = bytes(MiB)
    with open(path, "wb") as f:
        for _ in range(0, nbytes, MiB):
            f.write(block)
    os.remove(path)
    os.sync()


class Run:
    """One timed copy."""

    def __init__(self, ok, wall=0.0, cpu=0.0, rss_send=None, rss_recv=None, why=""):
        self.ok, self.wall, self.cpu = ok, wall, cpu
        self.rss_send, self.rss_recv, self.why = rss_send, rss_recv, why


def failed(why):
    return Run(False, why=why)


# --------------------------------------------------------------------------
# The bench: temp folder, servers, cleanup
# --------------------------------------------------------------------------


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = None
        self.sshd = None
        self.http = None
        self.made_run_sshd = False
        self.netns = []
        self.ssh_opts = []
        self.user = None
        self.xvfb = None
        self.nruns = 0
        self.reporting = None  # page_reporting_order to put back, if changed
        self.memory_note = None

    def log(self, name):
        return os.path.join(self.tmp, "logs", name)

    # ---- cleanup ----
    def cleanup(self):
        resume_page_reporting(self)
        for p in list(LIVE):
            kill(p)
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass
        LIVE.clear()
        for ns in self.netns:
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        self.netns = []
        if self.made_run_sshd:
            try:
                os.rmdir("/run/sshd")
            except OSError:
                pass
            self.made_run_sshd = False
        if self.tmp and os.path.isdir(self.tmp):
            if self.args.keep:
                say("kept %s" % self.tmp)
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    # ---- ssh ----
    def start_sshd(self):
        d = os.path.join(self.tmp, "ssh")
        os.makedirs(d)
        for k in ("host_ed25519", "user_ed25519"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ferry-bench", "-f",
                            os.path.join(d, k)], check=True)
        shutil.copy(os.path.join(d, "user_ed25519.pub"), os.path.join(d, "authorized_keys"))
        sftp = "/usr/lib/openssh/sftp-server"
        if not os.path.exists(sftp):
            sftp = "internal-sftp"
        port = free_port()
        cfg = os.path.join(d, "sshd_config")
        with open(cfg, "w") as f:
            f.write("\n".join([
                "Port %d" % port, "ListenAddress 127.0.0.1",
                "HostKey %s/host_ed25519" % d, "PidFile %s/sshd.pid" % d,
                "AuthorizedKeysFile %s/authorized_keys" % d, "StrictModes no",
                "PubkeyAuthentication yes", "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
                "UsePAM no", "PrintMotd no", "LogLevel ERROR", "MaxStartups 50",
                # Debian's bash reads ~/.bashrc for every command run over ssh
                # (scp's sftp-server and rsync's server too) unless SHLVL says
                # it is nested; a slow .bashrc (pyenv init: ~1.5 s here) would
                # be timed as part of scp and rsync.
                "SetEnv SHLVL=1",
                "Subsystem sftp %s" % sftp, ""]))
        if os.geteuid() == 0 and not os.path.isdir("/run/sshd"):
            os.makedirs("/run/sshd", mode=0o755)
            self.made_run_sshd = True
        sshd = which("sshd")
        chk = subprocess.run([sshd, "-t", "-f", cfg], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if chk.returncode != 0:
            raise RuntimeError("sshd -t: " + chk.stdout.decode(errors="replace").strip())
        self.sshd = spawn([sshd, "-D", "-e", "-f", cfg], self.log("sshd.log"))
        wait_listen(port, self.sshd, self.log("sshd.log"))
        self.user = subprocess.run(["id", "-un"], stdout=subprocess.PIPE, check=True).stdout.decode().strip()
        self.ssh_key = os.path.join(d, "user_ed25519")
        self.ssh_port = port
        self.ssh_opts = ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                         "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
                         "-i", self.ssh_key]
        r = subprocess.run(["ssh"] + self.ssh_opts + ["-p", str(port), self.user + "@127.0.0.1", "true"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        if r.returncode != 0:
            raise RuntimeError("ssh to the bench sshd fails: %s %s" % (r.stdout.decode(errors="replace"),
                                                                       tail(self.log("sshd.log"))))

    def sshd_settle(self):
        """Waits until the sshd has reaped every session (their CPU is then
        in its cutime/cstime)."""
        end = time.monotonic() + 10
        while children(self.sshd.pid) and time.monotonic() < end:
            time.sleep(0.01)

    # ---- http ----
    def start_http(self, root):
        port = free_port()
        self.http = spawn([PY, "-m", "http.server", "--bind", "127.0.0.1", "--directory", root, str(port)],
                          self.log("http.log"))
        wait_listen(port, self.http, self.log("http.log"))
        self.http_port = port


# --------------------------------------------------------------------------
# Running one copy: a receiver and a sender, or a client against a server
# --------------------------------------------------------------------------


def run_pair(b, tag, recv_cmd, send_cmd, port, timeout, env_recv=None, env_send=None, recv_stdout=None,
             send_stdin=None):
    """Starts the receiver, waits until it listens, then times the sender
    from its start until both ends have exited."""
    rlog, slog = b.log(tag + "-recv.log"), b.log(tag + "-send.log")
    settle_disk()
    r = spawn(recv_cmd, rlog, env=env_recv, stdout_path=recv_stdout)
    try:
        wait_listen(port, r, rlog)
    except RuntimeError as e:
        stop(r)
        return failed("receiver: %s" % e)
    procs = [r]
    wd = Watchdog(timeout, procs)
    t0 = time.monotonic()
    s = spawn(send_cmd, slog, env=env_send, stdin_path=send_stdin)
    procs.append(s)
    src, scpu = reap(s)
    rrc, rcpu = reap(r)
    t1 = time.monotonic()
    wd.cancel()
    if wd.fired:
        return failed("timed out after %.0f s" % timeout)
    if src != 0 or rrc != 0:
        return failed("sender exit %d (%s), receiver exit %d (%s)" % (src, tail(slog, 2), rrc, tail(rlog, 2)))
    return Run(True, t1 - t0, scpu + rcpu)


def run_client(b, tag, cmd, server, settle, timeout):
    """Times a client (scp, rsync, curl) against a server that keeps running
    (sshd, http.server); the server's CPU is its /proc delta."""
    log = b.log(tag + ".log")
    settle_disk()
    before = proc_cpu(server.pid)
    procs = []
    wd = Watchdog(timeout, procs)
    t0 = time.monotonic()
    c = spawn(cmd, log)
    procs.append(c)
    rc, ccpu = reap(c)
    t1 = time.monotonic()
    wd.cancel()
    settle()
    server_cpu = proc_cpu(server.pid) - before
    if wd.fired:
        return failed("timed out after %.0f s" % timeout)
    if rc != 0:
        return failed("exit %d: %s" % (rc, tail(log, 3)))
    return Run(True, t1 - t0, ccpu + server_cpu)


def tar_send(ds, sink):
    return ["bash", "-c", "set -o pipefail; tar -c -C %s %s | %s" % (
        shlex.quote(os.path.dirname(ds.path)), shlex.quote(ds.name), sink)]


def tar_recv(source, dst):
    return ["bash", "-c", "set -o pipefail; %s | tar -x -C %s" % (source, shlex.quote(dst))]


# ---- one function per tool: (bench, data set, empty receive folder, timeout) -> Run ----

def ferry_env(b, side):
    home = os.path.join(b.tmp, "ferry-" + side)
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
    os.makedirs(env["XDG_CONFIG_HOME"], exist_ok=True)
    return env


def peak_rss(path):
    """KiB from `/usr/bin/time -f %M -o path`, None if unknown."""
    try:
        with open(path) as f:
            return int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        return None


def tool_ferry(b, ds, dst, timeout):
    port = free_port()
    rss = {side: os.path.join(b.tmp, "logs", "ferry-%s.rss" % side) for side in ("send", "recv")}
    for f in rss.values():
        if os.path.exists(f):
            os.remove(f)

    def timed(side):  # each ferry's own peak RSS, measured by /usr/bin/time
        return ["/usr/bin/time", "-f", "%M", "-o", rss[side]] if which("/usr/bin/time") else []
    recv = timed("recv") + [FERRY, "receive", "--yes", "--once", "--allow-unpaired-mitm-risk", "--no-discovery",
                            "--port", str(port), "--dir", dst]
    send = timed("send") + [FERRY, "send", "--to", "127.0.0.1:%d" % port, "--allow-unpaired-mitm-risk",
                            "--quiet", ds.path]
    run = run_pair(b, "ferry", recv, send, port, timeout, env_recv=ferry_env(b, "recv"),
                   env_send=ferry_env(b, "send"))
    run.rss_send, run.rss_recv = peak_rss(rss["send"]), peak_rss(rss["recv"])
    return run


def tool_nc(b, ds, dst, timeout):
    port = free_port()
    if ds.kind == "file":
        return run_pair(b, "nc", ["nc.openbsd", "-l", "127.0.0.1", str(port)],
                        ["nc.openbsd", "-N", "127.0.0.1", str(port)], port, timeout,
                        recv_stdout=os.path.join(dst, ds.name), send_stdin=ds.path)
    return run_pair(b, "nc", tar_recv("nc.openbsd -l 127.0.0.1 %d" % port, dst),
                    tar_send(ds, "nc.openbsd -N 127.0.0.1 %d" % port), port, timeout)


def tool_socat(b, ds, dst, timeout):
    port = free_port()
    listen = "TCP-LISTEN:%d,bind=127.0.0.1,reuseaddr" % port
    if ds.kind == "file":
        return run_pair(b, "socat", ["socat", "-u", listen, "CREATE:" + os.path.join(dst, ds.name)],
                        ["socat", "-u", "OPEN:%s,rdonly" % ds.path, "TCP:127.0.0.1:%d" % port], port, timeout)
    return run_pair(b, "socat", tar_recv("socat -u %s STDOUT" % listen, dst),
                    tar_send(ds, "socat -u STDIN TCP:127.0.0.1:%d" % port), port, timeout)


def scp_with(cipher):
    def tool_scp(b, ds, dst, timeout):
        cmd = ["scp", "-q"] + b.ssh_opts + ["-P", str(b.ssh_port)]
        if cipher:
            cmd += ["-c", cipher]
        if ds.kind == "tree":
            cmd += ["-r"]
        cmd += [ds.path, "%s@127.0.0.1:%s/" % (b.user, dst)]
        return run_client(b, "scp", cmd, b.sshd, b.sshd_settle, timeout)
    return tool_scp


def tool_rsync(b, ds, dst, timeout):
    ssh = " ".join(shlex.quote(x) for x in ["ssh"] + b.ssh_opts + ["-p", str(b.ssh_port)])
    cmd = ["rsync", "-a", "-e", ssh, ds.path, "%s@127.0.0.1:%s/" % (b.user, dst)]
    return run_client(b, "rsync", cmd, b.sshd, b.sshd_settle, timeout)


def tool_http(b, ds, dst, timeout):
    cmd = ["curl", "-sS", "--fail", "-o", os.path.join(dst, ds.name),
           "http://127.0.0.1:%d/%s" % (b.http_port, ds.name)]
    return run_client(b, "curl", cmd, b.http, lambda: time.sleep(0.05), timeout)


TOOLS = {"ferry": tool_ferry, "nc": tool_nc, "socat": tool_socat, "scp": scp_with(None),
         "scp-aes128gcm": scp_with("aes128-gcm@openssh.com"), "rsync": tool_rsync, "http": tool_http}

COMMANDS = [  # for the notes: what each row ran (P = a spare port, K = the bench's ssh options)
    ("ferry", "`ferry receive --yes --once --allow-unpaired-mitm-risk --no-discovery --port P --dir D` and "
              "`ferry send --to 127.0.0.1:P --allow-unpaired-mitm-risk --quiet SRC` (each side its own HOME, each under `/usr/bin/time -f %M`)"),
    ("nc", "`nc -l 127.0.0.1 P > D/FILE` and `nc -N 127.0.0.1 P < FILE`; trees: "
           "`nc -l 127.0.0.1 P | tar -x -C D` and `tar -c -C PARENT DIR | nc -N 127.0.0.1 P` (netcat-openbsd)"),
    ("socat", "`socat -u TCP-LISTEN:P,bind=127.0.0.1,reuseaddr CREATE:D/FILE` and "
              "`socat -u OPEN:FILE,rdonly TCP:127.0.0.1:P`; trees through tar as for nc"),
    ("scp", "`scp -q K -P P [-r] SRC root@127.0.0.1:D/` (OpenSSH's default cipher, SFTP protocol)"),
    ("scp-aes128gcm", "the same with `-c aes128-gcm@openssh.com`"),
    ("rsync", "`rsync -a -e 'ssh K -p P' SRC root@127.0.0.1:D/`"),
    ("http", "`python3 -m http.server --bind 127.0.0.1 --directory DATA P` (running throughout) and "
             "`curl -sS --fail -o D/FILE http://127.0.0.1:P/FILE`"),
]


def verify(ds, dst):
    """'' if dst holds exactly a byte-identical copy of the data set."""
    got = sorted(os.listdir(dst))
    if got != [ds.name]:
        return "receive folder holds %s, not just %s" % (got[:4], ds.name)
    out = os.path.join(dst, ds.name)
    if ds.kind == "file":
        r = subprocess.run(["cmp", ds.path, out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    else:
        r = subprocess.run(["diff", "-rq", ds.path, out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        return "copy differs: " + " / ".join(r.stdout.decode(errors="replace").splitlines()[:3])
    return ""


# --------------------------------------------------------------------------
# Preparation: build, tools, data
# --------------------------------------------------------------------------


def build():
    if os.geteuid() == 0 and os.path.exists(os.path.join(REPO, ".ci", "setup")):
        r = subprocess.run(["bash", os.path.join(REPO, ".ci", "setup")], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0:
            sys.exit("bench: .ci/setup failed:\n" + r.stdout.decode(errors="replace")[-3000:])
    if not which("cmake"):
        sys.exit("bench: cmake is missing (run .ci/setup as root)")
    say("building a Release ferry in build-bench/")
    for cmd in (["cmake", "-S", REPO, "-B", BUILD, "-DCMAKE_BUILD_TYPE=Release", "-DFERRY_BUILD_TESTS=OFF"],
                ["cmake", "--build", BUILD, "-j", str(os.cpu_count() or 2)]):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            sys.exit("bench: %s failed:\n%s" % (" ".join(cmd), r.stdout.decode(errors="replace")[-4000:]))


def install_tools(progs):
    missing = sorted({PACKAGES[p] for p in progs if p in PACKAGES and not which(p)})
    if not missing:
        return
    if os.geteuid() != 0:
        say("missing (not root, so not installed): %s; their rows are skipped" % " ".join(missing))
        return
    say("installing " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    lock = ["-o", "DPkg::Lock::Timeout=600"]
    subprocess.run(["apt-get"] + lock + ["update", "-qq"], env=env, stdin=subprocess.DEVNULL)
    r = subprocess.run(["apt-get"] + lock + ["install", "-y", "-qq", "--no-install-recommends"] + missing, env=env,
                       stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        say("apt-get install failed; rows of missing tools are skipped")


class RandomStream:
    """Fast pseudo-random bytes: AES-128-CTR over zeros (openssl), else
    os.urandom."""

    def __init__(self, seed):
        self.p = None
        if which("openssl"):
            h = hashlib.sha256(seed.encode()).hexdigest()
            self.p = subprocess.Popen(["openssl", "enc", "-aes-128-ctr", "-nosalt", "-K", h[:32], "-iv", h[32:64],
                                       "-in", "/dev/zero"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def read(self, n):
        if not self.p:
            return os.urandom(n)
        data = self.p.stdout.read(n)
        if len(data) != n:
            raise RuntimeError("openssl stopped producing random data")
        return data

    def close(self):
        if self.p:
            self.p.kill()
            self.p.wait()


def write_random(path, size, stream):
    with open(path, "wb") as f:
        left = size
        while left:
            chunk = stream.read(min(left, 8 * MiB))
            f.write(chunk)
            left -= len(chunk)


def make_data(b, sets):
    root = os.path.join(b.tmp, "data")
    os.makedirs(root)
    for ds in sets:
        say("making %s (%s)" % (ds.key, ds.title))
        stream = RandomStream(ds.key)
        try:
            if ds.kind == "file":
                ds.name = ds.key + ".bin"
                ds.path = os.path.join(root, ds.name)
                write_random(ds.path, ds.size, stream)
            else:
                ds.name = ds.key
                ds.path = os.path.join(root, ds.name)
                per_dir = 100 if ds.size < MiB else 50
                for i in range(ds.count):
                    # small/d3/e7/f03712.bin: ten folders of ten folders of files
                    d = os.path.join(ds.path, "d%d" % (i // (per_dir * 10) % 10), "e%d" % (i // per_dir % 10))
                    os.makedirs(d, exist_ok=True)
                    write_random(os.path.join(d, "f%05d.bin" % i), ds.size, stream)
        finally:
            stream.close()
    os.sync()
    return root


def check_space(base, sets):
    need = 2 * sum(ds.total for ds in sets) + GiB
    free = shutil.disk_usage(base).free
    if free < need:
        sys.exit("bench: not enough free space in %s: %.1f GB free, %.1f GB needed (data, one received copy "
                 "and 1 GiB margin); set TMPDIR to a bigger disk or use --quick" % (base, free / 1e9, need / 1e9))


# --------------------------------------------------------------------------
# Window, discovery, sizes
# --------------------------------------------------------------------------


def measure_window(b, n):
    """Launch to first frame and launch to exit of the window, under a
    private Xvfb; None and a reason when that cannot run."""
    xvfb = which("Xvfb")
    if not xvfb:
        return None, "not measured: Xvfb is missing (apt-get install xvfb xauth)"
    rfd, wfd = os.pipe()
    x = spawn([xvfb, "-displayfd", str(wfd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-noreset"],
              b.log("xvfb.log"), pass_fds=[wfd])
    os.close(wfd)
    disp = b""
    end = time.monotonic() + 20
    while not disp.endswith(b"\n") and time.monotonic() < end:
        if select.select([rfd], [], [], 0.5)[0]:
            c = os.read(rfd, 64)
            if not c:
                break
            disp += c
    os.close(rfd)
    if not disp.strip():
        stop(x)
        return None, "not measured: Xvfb did not start (%s)" % tail(b.log("xvfb.log"))
    home = os.path.join(b.tmp, "window")
    cfg = os.path.join(home, ".config", "ferry")
    os.makedirs(cfg)
    with open(os.path.join(cfg, "settings.txt"), "w") as f:
        f.write("device_name=bench-window\nreceive_dir=%s\nport=%d\ndiscovery=0\n" % (
            os.path.join(home, "in"), free_port()))
    script = os.path.join(home, "script.txt")
    with open(script, "w") as f:
        f.write("say first-frame\nquit\n")
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"), DISPLAY=":" + disp.decode().strip(),
               FERRY_UI_SCRIPT=script)
    env.pop("SDL_VIDEODRIVER", None)
    frames, exits = [], []
    try:
        for i in range(n + 1):  # the first launch (makes the key) is not counted
            t0 = time.monotonic()
            p = subprocess.Popen([FERRY], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, env=env, start_new_session=True)
            LIVE.append(p)
            wd = Watchdog(60, [p])
            t1, err = None, []
            for line in p.stderr:
                if t1 is None and b"ui say: first-frame" in line:
                    t1 = time.monotonic()
                err.append(line)
            rc, _ = reap(p)
            t2 = time.monotonic()
            wd.cancel()
            if rc != 0 or t1 is None:
                return None, "not measured: the window failed (status %d): %s" % (
                    rc, b"".join(err[-3:]).decode(errors="replace").strip())
            if i:
                frames.append(t1 - t0)
                exits.append(t2 - t0)
    finally:
        stop(x)
    return (frames, exits), ""


DISCO_PROBE = r"""
import os, socket, struct, sys, time, select
mode, n = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
def wait_for(kind, secs):
    end = time.time() + secs
    while time.time() < end:
        if select.select([s], [], [], 0.2)[0]:
            d, a = s.recvfrom(2048)
            if d[:4] == b"FYD1" and len(d) > 5 and d[4] == kind:
                return True
    return False
if mode == "announce":   # print the wall clock when the first ANNOUNCE arrives
    s.bind(("0.0.0.0", 53317))
    print("ready", flush=True)
    print(time.time_ns() if wait_for(1, 15) else "none", flush=True)
else:                    # QUERY to the broadcast address, time the REPLY
    s.bind(("0.0.0.0", 0))
    for _ in range(n):
        key, name, osn = os.urandom(32), b"bench-probe", b"Linux"
        pkt = (b"FYD1" + bytes([2, 1]) + struct.pack(">H", 0) + key + struct.pack(">H", len(name)) + name
               + struct.pack(">H", len(osn)) + osn)
        t0 = time.perf_counter()
        s.sendto(pkt, (sys.argv[3], 53317))
        print(time.perf_counter() - t0 if wait_for(3, 3) else "none", flush=True)
        time.sleep(0.1)
"""


def measure_discovery(b, n):
    """Inside two network namespaces made here, joined by one veth pair
    (nothing is sent on this machine's own interfaces)."""
    if os.geteuid() != 0 or not which("ip"):
        return None, "not measured: needs root and iproute2 (ip netns)"
    tag = "fyb%d" % (os.getpid() % 100000)
    a, z = tag + "a", tag + "z"
    net = "10.%d.%d" % (random.randint(200, 250), random.randint(1, 250))

    def ip(*args):
        r = subprocess.run(["ip"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            raise RuntimeError("ip %s: %s" % (" ".join(args), r.stdout.decode(errors="replace").strip()))

    try:
        for ns in (a, z):
            ip("netns", "add", ns)
            b.netns.append(ns)
            ip("-n", ns, "link", "set", "lo", "up")
        ip("-n", a, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", z)
        for ns, host in ((a, 1), (z, 2)):
            ip("-n", ns, "addr", "add", "%s.%d/24" % (net, host), "dev", "eth0")
            ip("-n", ns, "link", "set", "eth0", "up")
    except RuntimeError as e:
        return None, "not measured: cannot make network namespaces (%s)" % e
    try:
        env = ferry_env(b, "disco")
        os.makedirs(os.path.join(b.tmp, "disco-in"), exist_ok=True)
        recv = ["ip", "netns", "exec", a, FERRY, "receive", "--allow-unpaired-mitm-risk", "--yes", "--name",
                "benchpeer", "--dir", os.path.join(b.tmp, "disco-in")]
        announce = []
        for i in range(n + 1):  # the first start (makes the key) is not counted
            lis = subprocess.Popen(["ip", "netns", "exec", z, PY, "-c", DISCO_PROBE, "announce", "1"],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
            LIVE.append(lis)
            if lis.stdout.readline().strip() != b"ready":
                stop(lis)
                return None, "not measured: the probe did not start"
            t0 = time.time_ns()
            r = spawn(recv, b.log("disco-recv.log"), env=env)
            got = lis.stdout.readline().strip()
            reap(lis)
            if got == b"none" or not got:
                stop(r)
                return None, "not measured: no announcement heard (%s)" % tail(b.log("disco-recv.log"))
            if i:
                announce.append((int(got) - t0) / 1e9)
            if i < n:
                stop(r)
        # the receiver still runs: a query answered, and `ferry peers` lists it
        q = subprocess.run(["ip", "netns", "exec", z, PY, "-c", DISCO_PROBE, "query", str(n), net + ".255"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        replies = [float(x) for x in q.stdout.split() if x != b"none"]
        env_p = ferry_env(b, "disco-peers")
        t0 = time.monotonic()
        pe = subprocess.run(["ip", "netns", "exec", z, FERRY, "peers", "--wait", "1"], env=env_p,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        peers_time = time.monotonic() - t0
        listed = b"benchpeer" in pe.stdout
        stop(r)
        return (announce, replies, n, listed, peers_time), ""
    finally:
        for ns in list(b.netns):
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        b.netns = []


def sizes():
    out = []
    size = os.path.getsize(FERRY)
    stripped = ""
    if which("strip"):
        with tempfile.TemporaryDirectory() as d:
            s = os.path.join(d, "ferry")
            if subprocess.run(["strip", "-o", s, FERRY]).returncode == 0:
                stripped = " (%s bytes stripped)" % f"{os.path.getsize(s):,}"
    out.append(("size of `ferry` (Linux, Release, build-bench/)", "%s bytes%s" % (f"{size:,}", stripped), ""))
    exe = os.path.join(REPO, "build-win", "ferry.exe")
    out.append(("size of `ferry.exe`", "%s bytes" % f"{os.path.getsize(exe):,}" if os.path.exists(exe)
                else "not built", "build-win/ferry.exe as found (the bench does not build it)"))
    return out


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def fmt_s(s):
    return "%.3f s" % s if s < 1 else ("%.2f s" % s if s < 10 else "%.1f s" % s)


def fmt_rate(x):
    return f"{x:,.0f}" if x >= 100 else "%.1f" % x


def fmt_ms(xs):
    return "%.0f ms" % (statistics.median(xs) * 1000)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) * 1024
    except OSError:
        mem = 0
    return "%s, %d cores, Linux %s, %.1f GiB memory" % (cpu, os.cpu_count() or 0, os.uname().release, mem / GiB)


def git_commit():
    r = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    c = r.stdout.decode().strip() or "unknown"
    d = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().strip()
    return c + (" (the working tree had uncommitted changes; they are in the build)" if d else "")


def table(head, rows, left=1):
    """A markdown table; the first `left` columns align left, the rest right."""
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i < left else "---:" for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def report(b, sets, results, skipped, extra, started, loads, versions):
    a = b.args
    lines = ["# Ferry benchmarks", "",
             "Written by `bench/run`; do not edit by hand, run it again.", "",
             "- machine: " + machine(),
             "- date: %s" % started.strftime("%Y-%m-%d %H:%M UTC"),
             "- commit: " + git_commit(),
             "- command: `%s`" % " ".join(["bench/run"] + [shlex.quote(x) for x in sys.argv[1:]]),
             "- load average (1 min) before the runs: %.2f to %.2f (min to max); %d copies timed" % (
                 min(loads), max(loads), b.nruns) if loads else "- load average: n/a",
             "- guest memory: " + (b.memory_note or "n/a"),
             "- tools: " + "; ".join(versions), "",
             "All copies go over 127.0.0.1 on this one machine, from files in the page cache to a fresh folder on "
             "the same disk; each received copy is compared byte for byte with the original (cmp, diff -r) and "
             "deleted before the next run. Times are medians over the rounds, from starting the sender (or "
             "client) until both ends have exited. **1 MB = 10^6 bytes.** *Ferry ÷ tool* is Ferry's throughput "
             "divided by the tool's: above 1 means Ferry is faster. *CPU s* is user+sys of both ends together "
             "(median).", ""]
    for ds in sets:
        keys = [t for d, t in PAIRS if d == ds.key]
        if not any((ds.key, t) in results or (ds.key, t) in skipped for t in keys):
            continue
        lines += ["## %s (%s bytes)" % (ds.title[0].upper() + ds.title[1:], f"{ds.total:,}"), ""]
        head = ["tool", "copies ok", "median time", "min–max", "MB/s"]
        if ds.kind == "tree":
            head.append("files/s")
        head += ["Ferry ÷ tool", "CPU s"]
        fr = [r for r in results.get((ds.key, "ferry"), []) if r.ok]
        ferry_med = statistics.median([r.wall for r in fr]) if fr else None
        rows = []
        for t in keys:
            label = TOOL_INFO[t][0 if ds.kind == "file" else 1]
            if (ds.key, t) in skipped:
                rows.append([label, "skipped: " + skipped[(ds.key, t)]] + [""] * (len(head) - 2))
                continue
            runs = results.get((ds.key, t))
            if runs is None:
                continue
            ok = [r for r in runs if r.ok]
            okcol = "%d/%d" % (len(ok), len(runs)) + ("" if len(ok) == len(runs) else " FAILED")
            if not ok:
                rows.append([label, okcol, "FAILED"] + [""] * (len(head) - 3))
                continue
            med = statistics.median([r.wall for r in ok])
            row = [label, okcol, fmt_s(med), "%s–%s" % (fmt_s(min(r.wall for r in ok)).split()[0],
                                                         fmt_s(max(r.wall for r in ok))),
                   fmt_rate(ds.total / 1e6 / med)]
            if ds.kind == "tree":
                row.append(f"{ds.count / med:,.0f}")
            row.append("—" if t == "ferry" else ("%.2f" % (med / ferry_med) if ferry_med else "n/a"))
            row.append("%.2f" % statistics.median([r.cpu for r in ok]))
            rows.append(row)
        lines += table(head, rows) + [""]
    rss_rows = []
    for ds in sets:
        ok = [r for r in results.get((ds.key, "ferry"), []) if r.ok]
        if ok:
            rss_rows.append([ds.title] + [
                "%.1f MiB" % (max(v) / 1024) if all(x is not None for x in v) else "n/a (no /usr/bin/time)"
                for v in ([r.rss_send for r in ok], [r.rss_recv for r in ok])])
    if rss_rows:
        lines += ["## Ferry's peak memory (RSS, highest over the runs, `/usr/bin/time -f %M` on each ferry)", ""]
        lines += table(["data set", "sender", "receiver"], rss_rows) + [""]
    lines += ["## Start-up and size", ""] + table(["what", "result", "how"], extra, left=3) + [""]
    lines += ["## Notes", "",
              "- Each data set's tools run in turns (ferry, nc, socat, ..., ferry, nc, ...) for %d round%s; a copy "
              "that fails (non-zero exit, timeout, or not byte-identical) counts as FAILED and is not timed." % (
                  a.rounds, "" if a.rounds == 1 else "s"),
              "- CPU comes from wait4() (getrusage of each process and of the children it waited "
              "for; ferry's two processes run under /usr/bin/time, which is counted too). For scp and rsync the server end is a throwaway sshd started by the bench (own config and "
              "keys, 127.0.0.1 only), and for curl it is the http.server: their share is the difference of "
              "/proc/PID/stat (utime+stime+cutime+cstime, 10 ms ticks) before and after the copy.",
              "- The bench's sshd sets SHLVL=1 for its sessions, so that Debian's bash does not read the "
              "account's ~/.bashrc before starting sftp-server or `rsync --server` (a slow .bashrc would "
              "otherwise be timed as part of scp and rsync).",
              "- Before every timed copy the bench runs sync() (untimed), so no tool pays for the writeback of data "
              "an earlier copy left dirty.",
              "- For scp, rsync and curl the time ends when the client exits (by then the server side has "
              "written and closed the file); the servers keep running between copies.",
              "- nc, socat and http+curl send the data in the clear with no check of their own; scp and rsync "
              "encrypt (OpenSSH, default cipher %s unless `-c` says otherwise); Ferry encrypts and checks an "
              "XXH3-128 checksum of every file." % b.default_cipher,
              "- This is one machine talking to itself: both ends share its %d cores, and the numbers say "
              "nothing about a real network's speed. Other work on the machine during the runs disturbs them; "
              "see the load average above." % (os.cpu_count() or 0),
              "", "Exact commands (P a spare port, D a fresh receive folder, K the ssh options "
              "`-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes "
              "-o IdentitiesOnly=yes -i KEY`):", ""]
    lines += ["- %s: %s" % (t, c) for t, c in COMMANDS] + [""]
    # The hand-written part: where the time goes (profiles), the limits.
    analysis = os.path.join(REPO, "bench", "ANALYSIS.md")
    if os.path.exists(analysis):
        with open(analysis) as f:
            lines += [f.read().rstrip("\n"), ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(prog="bench/run", description="Ferry side by side with nc, socat, scp, rsync and "
                                 "http.server+curl over 127.0.0.1; writes docs/BENCHMARKS.md.")
    ap.add_argument("--quick", action="store_true", help="small data (256 MiB, 64 MiB, 1,000 x 4 KiB, "
                    "20 x 5 MiB) and 1 round unless --rounds")
    ap.add_argument("--rounds", type=int, help="rounds per data set (default 3, --quick 1)")
    ap.add_argument("--only", help="comma-separated tools: " + ",".join(TOOLS))
    ap.add_argument("--sets", help="comma-separated data sets: file4g,file1g,small,medium")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder (data, logs)")
    ap.add_argument("--keep-page-reporting", action="store_true", help="do not pause the VM's free page reporting "
                    "for the run (see bench/README.md)")
    ap.add_argument("--out", default=os.path.join(REPO, "docs", "BENCHMARKS.md"),
                    help="where the report goes (default docs/BENCHMARKS.md)")
    a = ap.parse_args()
    a.rounds = a.rounds or (1 if a.quick else 3)
    if a.rounds < 1:
        ap.error("--rounds must be at least 1")
    only = set(a.only.split(",")) if a.only else set(TOOLS)
    if only - set(TOOLS):
        ap.error("unknown tool(s) %s; known: %s" % (",".join(sorted(only - set(TOOLS))), ",".join(TOOLS)))
    sets = datasets(a.quick)
    if a.sets:
        want = set(a.sets.split(","))
        if want - {d.key for d in sets}:
            ap.error("unknown data set(s): " + ",".join(sorted(want - {d.key for d in sets})))
        sets = [d for d in sets if d.key in want]

    b = Bench(a)

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
    signal.signal(signal.SIGTERM, on_term)
    if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:  # nohup stays nohup
        signal.signal(signal.SIGHUP, on_term)
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        build()
        progs = {"openssl", "cmp", "diff", "ip", "/usr/bin/time"}
        for t in only:
            progs.update(TOOL_INFO[t][2])
        install_tools(progs)

        base = os.environ.get("TMPDIR") or "/var/tmp"
        check_space(base, sets)
        b.tmp = tempfile.mkdtemp(prefix="ferry-bench.", dir=base)
        os.makedirs(os.path.join(b.tmp, "logs"))
        say("temp folder " + b.tmp)
        data_root = make_data(b, sets)
        pause_page_reporting(b)

        skipped = {}
        for ds in sets:
            for d, t in PAIRS:
                if d == ds.key and t in only:
                    miss = [p for p in TOOL_INFO[t][2] if not which(p)]
                    if miss:
                        skipped[(d, t)] = "%s missing" % ", ".join(miss)
        if any(t in only and (d, t) not in skipped for d, t in PAIRS if t.startswith(("scp", "rsync"))):
            try:
                b.start_sshd()
            except (RuntimeError, subprocess.SubprocessError, OSError) as e:
                say("cannot start the bench sshd: %s" % e)
                for d, t in PAIRS:
                    if t.startswith(("scp", "rsync")) and (d, t) not in skipped:
                        skipped[(d, t)] = "sshd did not start"
        if "http" in only:
            b.start_http(data_root)
        b.default_cipher = default_cipher()

        versions = [first_line([FERRY, "--version"]) + " (Release)",
                    first_line(["bash", "-c", "ssh -V 2>&1"]), first_line(["rsync", "--version"]),
                    first_line(["bash", "-c", "socat -V 2>/dev/null | sed -n 2p | cut -d' ' -f1-3"]),
                    first_line(["curl", "--version"]).split(" (")[0], "Python " + platform_version()]
        versions = [v for v in versions if v.strip()]

        results, loads = {}, []
        for ds in sets:
            tools = [t for d, t in PAIRS if d == ds.key and t in only and (d, t) not in skipped]
            timeout = 120 + ds.total / 10e6 + ds.count * 0.05
            if tools:
                touch_memory(b, ds.total)
            for rnd in range(a.rounds):
                for t in tools:
                    dst = os.path.join(b.tmp, "recv", "%s-%s" % (ds.key, t))
                    os.makedirs(dst)
                    loads.append(os.getloadavg()[0])
                    run = TOOLS[t](b, ds, dst, timeout)
                    b.nruns += 1
                    if run.ok:
                        why = verify(ds, dst)
                        if why:
                            run = failed(why)
                    results.setdefault((ds.key, t), []).append(run)
                    if run.ok:
                        say("%s round %d/%d %-14s %s  %s MB/s  cpu %.2f s" % (
                            ds.key, rnd + 1, a.rounds, t, fmt_s(run.wall), fmt_rate(ds.total / 1e6 / run.wall),
                            run.cpu))
                    else:
                        say("%s round %d/%d %-14s FAILED: %s" % (ds.key, rnd + 1, a.rounds, t, run.why))
                    shutil.rmtree(dst, ignore_errors=True)
                    os.sync()

        extra = []
        if "ferry" in only:
            n = max(5, a.rounds)
            say("window: %d launches" % n)
            w, why = measure_window(b, n)
            if w:
                extra.append(("window to first frame", "%s (median of %d)" % (fmt_ms(w[0]), n),
                              "upper bound: from starting `ferry` (no arguments) on a private Xvfb until its test "
                              "script (FERRY_UI_SCRIPT, `say` then `quit`) runs its first step, which happens only "
                              "after the first frame was drawn; settings with discovery=0"))
                extra.append(("window launch to exit", "%s (median of %d)" % (fmt_ms(w[1]), n),
                              "the same launches until the process exited after `quit`"))
            else:
                extra.append(("window to first frame", why, ""))
            say("discovery: %d starts in network namespaces" % n)
            dres, why = measure_discovery(b, n)
            if dres:
                ann, rep, nq, listed, pt = dres
                extra.append(("discovery: receiver start to first announcement",
                              "%s (median of %d)" % (fmt_ms(ann), len(ann)),
                              "`ferry receive` started in one network namespace; a UDP listener in a second one "
                              "(joined by a veth pair, made by the bench) notes when the first ANNOUNCE arrives"))
                extra.append(("discovery: query to reply",
                              ("%.2f ms (median, %d of %d answered)" % (statistics.median(rep) * 1000, len(rep), nq))
                              if rep else "no reply", "a QUERY broadcast in the second namespace, the receiver's "
                              "REPLY back (what a window or `ferry peers` sends when it starts)"))
                extra.append(("discovery: `ferry peers --wait 1` lists it",
                              "%s, in %.2f s" % ("yes" if listed else "NO", pt),
                              "`ferry peers` always listens for its whole --wait (at least 1 s)"))
            else:
                extra.append(("time until a peer appears in discovery", why, ""))
        extra += sizes()

        text = report(b, sets, results, skipped, extra, started, loads, versions)
        print(text, end="")  # text ends with a newline
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, "w") as f:
            f.write(text)
        say("written to %s" % os.path.relpath(a.out, os.getcwd()))
        bad = sum(1 for runs in results.values() for r in runs if not r.ok)
        return 1 if bad else 0
    except KeyboardInterrupt:
        say("interrupted; cleaning up")
        return 130
    finally:
        b.cleanup()


def default_cipher():
    """The cipher ssh offers first (the one used against an OpenSSH server)."""
    try:
        r = subprocess.run(["ssh", "-F", "/dev/null", "-G", "127.0.0.1"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    for line in r.stdout.decode(errors="replace").splitlines():
        if line.startswith("ciphers "):
            return line.split()[1].split(",")[0]
    return "?"


def platform_version():
    return "%d.%d.%d" % sys.version_info[:3]


if __name__ == "__main__":
    sys.exit(main())
