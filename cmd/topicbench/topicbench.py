#!/usr/bin/python3
"""Side-by-side topic model benchmark for newsframe (issue 13, item 6).

Runs newsframe's topic model (the Go program `topicbench fit`), gensim's
LdaMulticore and scikit-learn's NMF on exactly the same documents and
vocabulary (written by `topicbench prepare`: vocab.tsv and docs.tsv), each
fit in a process of its own, and scores all of them the same way:

  * coherence: NPMI (Bouma 2009) of each topic's top 10 words, averaged
    over the 45 pairs and then over topics, with probabilities from
    document co-occurrence over the same corpus (a pair that never
    co-occurs scores -1);
  * NMI and AMI (sklearn.metrics) of each document's main topic against its
    label (the BBC's five categories), when the corpus has labels;
  * fit time (wall and CPU) and peak RSS of the fitting process (and, for
    gensim, of its worker processes).

Usage (make topics-bench runs it):

  /usr/bin/python3 cmd/topicbench/topicbench.py run --go BIN \
      --data bbc=DIR:5,17:20 --data allsides=DIR:50:2 [--seed 1] [--out FILE]

Each --data gives a name, the directory prepared by `topicbench prepare`,
the numbers of topics K to fit and, optionally, gensim's passes (default
--passes). The table goes to stdout (and --out).
Debian's python3-gensim 4.2 and python3-sklearn 1.2; OPENBLAS_NUM_THREADS=1
(set by the Makefile) keeps numpy to one thread per process, as the machine
has two cores.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
import scipy.sparse as sp


def read_docs(d):
    """Returns (vocab, ids, labels, X) with X a CSR matrix of counts."""
    with open(os.path.join(d, "vocab.tsv"), encoding="utf-8") as f:
        vocab = [line.split("\t")[0] for line in f if line.strip()]
    ids, labels, indptr, indices, data = [], [], [0], [], []
    with open(os.path.join(d, "docs.tsv"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            doc_id, label, bag = fields[0], fields[1], fields[-1]
            ids.append(doc_id)
            labels.append(label)
            for kv in bag.split():
                k, v = kv.split(":")
                indices.append(int(k))
                data.append(float(v))
            indptr.append(len(indices))
    X = sp.csr_matrix((np.array(data), np.array(indices), np.array(indptr)),
                      shape=(len(ids), len(vocab)))
    return vocab, ids, labels, X


def write_result(out, topic_word, doc_topic, fit_s, cpu_s):
    """Writes topics.txt (top 20 term ids per topic), main.txt (main topic
    per document) and stats.json."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "topics.txt"), "w") as f:
        for row in topic_word:
            top = np.argsort(-row, kind="stable")[:20]
            f.write(" ".join(str(i) for i in top) + "\n")
    with open(os.path.join(out, "main.txt"), "w") as f:
        for row in doc_topic:
            f.write("%d\n" % (int(np.argmax(row)) if row.sum() > 0 else -1))
    self_rss = peak_rss_mb()
    # gensim's worker is a fork of this process: its peak counts pages it
    # shares with this one.
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with open(os.path.join(out, "stats.json"), "w") as f:
        json.dump({"fit_s": fit_s, "cpu_s": cpu_s, "rss_mb": self_rss,
                   "workers_rss_mb": child_rss}, f)


def peak_rss_mb():
    """Peak resident set size of this process in MB: VmHWM, which starts
    afresh at exec (ru_maxrss keeps the size of the process that forked
    us)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_now():
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def fit_gensim(d, k, seed, out, passes):
    from gensim.models import LdaMulticore
    _, _, _, X = read_docs(d)
    corpus = [list(zip(X.indices[X.indptr[i]:X.indptr[i + 1]].tolist(),
                       X.data[X.indptr[i]:X.indptr[i + 1]].tolist()))
              for i in range(X.shape[0])]
    # Online LDA depends on the order of the documents (the BBC set comes
    # sorted by category), so it gets them shuffled with the seed, and
    # about ten updates per pass (chunks of N/10, at most gensim's default
    # 2000): on the BBC set this lifts its NMI from 0.28 to 0.59.
    order = np.random.default_rng(seed).permutation(len(corpus))
    shuffled = [corpus[i] for i in order]
    chunk = int(min(2000, max(100, len(corpus) // 10)))
    id2word = {i: str(i) for i in range(X.shape[1])}
    t0, c0 = time.perf_counter(), cpu_now()
    # workers=1 is gensim's default on two cores (cpu_count() - 1): one
    # worker process does the E-step while the main process updates.
    lda = LdaMulticore(corpus=shuffled, id2word=id2word, num_topics=k, passes=passes,
                       chunksize=chunk, workers=1, random_state=seed)
    fit_s, cpu_s = time.perf_counter() - t0, cpu_now() - c0
    doc_topic = np.zeros((X.shape[0], k))
    for i, bow in enumerate(corpus):
        for t, p in lda.get_document_topics(bow, minimum_probability=0.0):
            doc_topic[i, t] = p
    write_result(out, lda.get_topics(), doc_topic, fit_s, cpu_s)


def fit_sklearn(d, k, seed, out):
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer
    _, _, _, X = read_docs(d)
    t0, c0 = time.perf_counter(), cpu_now()
    # scikit-learn's usual recipe: TF-IDF (smoothed idf, rows of unit
    # length), NMF with its defaults (nndsvda start, coordinate descent,
    # Frobenius loss).
    tfidf = TfidfTransformer().fit_transform(X)
    nmf = NMF(n_components=k, random_state=seed, max_iter=200)
    doc_topic = nmf.fit_transform(tfidf)
    fit_s, cpu_s = time.perf_counter() - t0, cpu_now() - c0
    write_result(out, nmf.components_, doc_topic, fit_s, cpu_s)


def coherence(X, topics, top=10):
    """Mean NPMI over each topic's top words (document co-occurrence)."""
    B = (X > 0).astype(np.float64).tocsc()
    n = B.shape[0]
    df = np.asarray(B.sum(axis=0)).ravel()
    out = []
    for t in topics:
        t = t[:top]
        S = B[:, t]
        co = (S.T @ S).toarray()
        vals = []
        for i in range(len(t)):
            for j in range(i + 1, len(t)):
                pij = co[i, j] / n
                if pij <= 0:
                    vals.append(-1.0)
                    continue
                pi, pj = df[t[i]] / n, df[t[j]] / n
                if pij >= 1:
                    vals.append(1.0)
                    continue
                vals.append(np.log(pij / (pi * pj)) / -np.log(pij))
        out.append(float(np.mean(vals)))
    return out


def read_result(out):
    with open(os.path.join(out, "topics.txt")) as f:
        topics = [[int(x) for x in line.split()] for line in f if line.strip()]
    with open(os.path.join(out, "main.txt")) as f:
        main = [int(line) for line in f if line.strip()]
    with open(os.path.join(out, "stats.json")) as f:
        stats = json.load(f)
    return topics, main, stats


def evaluate(d, name, k, out, model):
    from sklearn.metrics import adjusted_mutual_info_score, normalized_mutual_info_score
    vocab, _, labels, X = read_docs(d)
    topics, main, stats = read_result(out)
    coh = coherence(X, topics)
    row = {"corpus": name, "K": k, "model": model, "coherence": float(np.mean(coh)),
           "coherence_min": float(np.min(coh)), "fit_s": stats["fit_s"],
           "cpu_s": stats["cpu_s"], "rss_mb": stats["rss_mb"],
           "workers_rss_mb": stats.get("workers_rss_mb", 0),
           "infer_us": stats.get("infer_us")}
    if len(set(labels)) > 1 and name == "bbc":
        row["nmi"] = normalized_mutual_info_score(labels, main)
        row["ami"] = adjusted_mutual_info_score(labels, main)
    if "npmi_go" in stats and abs(stats["npmi_go"] - row["coherence"]) > 1e-9:
        raise SystemExit("coherence of %s: Go says %.12f, Python %.12f" % (out, stats["npmi_go"], row["coherence"]))
    order = np.argsort(coh)
    row["best"] = " / ".join(" ".join(vocab[i] for i in topics[j][:8]) for j in order[-2:][::-1])
    row["worst"] = " / ".join(" ".join(vocab[i] for i in topics[j][:8]) for j in order[:2])
    return row


def run(args):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    rows = []
    for spec in args.data:
        name, rest = spec.split("=", 1)
        parts = rest.split(":")
        d, ks = parts[0], parts[1]
        passes = int(parts[2]) if len(parts) > 2 else args.passes
        for k in [int(x) for x in ks.split(",")]:
            for model in args.models.split(","):
                out = os.path.join(d, "out", "%s-K%d" % (model, k))
                if model in ("newsframe", "newsframe-stream"):
                    cmd = [args.go, "fit", "-dir", d, "-k", str(k), "-seed", str(args.seed), "-out", out]
                    if model == "newsframe-stream":
                        cmd.append("-stream")
                else:
                    cmd = [sys.executable, __file__, "fit-" + model, d, str(k), str(args.seed), out,
                           str(passes)]
                print("#", " ".join(cmd), file=sys.stderr, flush=True)
                subprocess.run(cmd, check=True, env=env)
                row = evaluate(d, name, k, out, model)
                if model == "gensim":
                    row["model"] = "gensim (%d passes)" % passes
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    lines = table(rows)
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
            f.write("\n" + "\n".join(json.dumps(r) for r in rows) + "\n")


def table(rows):
    lines = ["| corpus | K | model | NPMI top 10 (mean, min) | NMI | AMI | fit s (wall) | fit s (CPU) | peak RSS MB | infer µs/article |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        rss = "%.0f" % r["rss_mb"]
        if r["workers_rss_mb"]:
            rss += " + %.0f" % r["workers_rss_mb"]
        nmi = "%.3f" % r["nmi"] if "nmi" in r else ""
        ami = "%.3f" % r["ami"] if "ami" in r else ""
        inf = "%.0f" % r["infer_us"] if r.get("infer_us") else ""
        lines.append("| %s | %d | %s | %.3f, %.3f | %s | %s | %.1f | %.1f | %s | %s |" % (
            r["corpus"], r["K"], r["model"], r["coherence"], r["coherence_min"], nmi, ami,
            r["fit_s"], r["cpu_s"], rss, inf))
    lines.append("")
    for r in rows:
        lines.append("- %s K=%d %s: best: %s; worst: %s" % (r["corpus"], r["K"], r["model"], r["best"], r["worst"]))
    return lines


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("fit-gensim", "fit-sklearn"):
        d, k, seed, out, passes = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
        if sys.argv[1] == "fit-gensim":
            fit_gensim(d, k, seed, out, passes)
        else:
            fit_sklearn(d, k, seed, out)
        return
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cmd", choices=["run"])
    p.add_argument("--go", default="bin/topicbench", help="the Go topicbench binary")
    p.add_argument("--data", action="append", required=True, help="NAME=DIR:K[,K...][:PASSES]")
    p.add_argument("--models", default="newsframe,newsframe-stream,gensim,sklearn",
                   help="newsframe (documents in memory), newsframe-stream (read from the file every pass), gensim, sklearn")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--passes", type=int, default=2, help="gensim passes")
    p.add_argument("--out", help="also write the table (and JSON rows) to this file")
    run(p.parse_args())


if __name__ == "__main__":
    main()
