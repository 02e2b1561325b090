// SPDX-License-Identifier: GPL-2.0
//
// cmwq_stress: N threads send random valid and invalid command streams to
// /sys/kernel/debug/cmwq/control for a bounded time, some of them several
// commands to a write, while a reader checks the works file's invariants
// in every snapshot (queued = started + cancelled + pending, running =
// started - completed, completed <= started). Then it cleans up and checks
// that every synthetic item queued started once and completed, or was
// cancelled, with nothing pending or running; and that no workqueue of
// ours and no extra pool is left behind. Prints KTAP; seedable, so a
// failure can be replayed with the same --seed.
//
// Usage: cmwq_stress [--threads N] [--seconds S] [--seed X] [--dir D]

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace {

// Concatenate anything streamable (GCC 12 has no <format>).
template <typename... Args> std::string cat(const Args &...args)
{
	std::ostringstream out;

	(out << ... << args);
	return out.str();
}

struct Options {
	int threads = 8;
	int seconds = 60;
	std::uint64_t seed = 1;
	std::string dir = "/sys/kernel/debug/cmwq";
};

// What was sent and how it went, per command kind; merged at the end.
struct Tally {
	std::map<std::string, std::uint64_t> sent;
	std::map<std::string, std::uint64_t> refused;	// valid, refused as allowed
	std::vector<std::string> violations;

	void merge(const Tally &o)
	{
		for (const auto &[k, v] : o.sent)
			sent[k] += v;
		for (const auto &[k, v] : o.refused)
			refused[k] += v;
		violations.insert(violations.end(), o.violations.begin(),
				  o.violations.end());
	}
};

// One write() of @cmd to the control file: 0 or the errno.
int send(const std::string &control, const std::string &cmd)
{
	int fd = ::open(control.c_str(), O_WRONLY);

	if (fd < 0)
		return errno;
	ssize_t n = ::write(fd, cmd.data(), cmd.size());
	int err = n < 0 ? errno : 0;
	::close(fd);
	return err;
}

// A table file as rows of words, the header first.
std::vector<std::vector<std::string>> read_table(const std::string &path)
{
	std::vector<std::vector<std::string>> rows;
	std::ifstream in(path);
	std::string line;

	while (std::getline(in, line)) {
		std::istringstream words(line);
		std::vector<std::string> row;
		std::string w;

		while (words >> w)
			row.push_back(w);
		rows.push_back(row);
	}
	return rows;
}

// The works file's per-line invariants, for a snapshot taken at any time.
// Returns what is wrong, or "" if nothing.
std::string check_tag_line(const std::vector<std::string> &w, bool idle)
{
	if (w.size() < 8)
		return "short line";
	std::uint64_t n[8];
	for (int i = 1; i < 8; i++)
		n[i] = std::stoull(w[i]);
	// tag queued started completed cancelled pending running max_running
	auto [q, s, c, x, p, r] = std::tuple(n[1], n[2], n[3], n[4], n[5], n[6]);
	std::string bad;
	if (q != s + x + p)
		bad += " queued != started + cancelled + pending";
	if (c > s)
		bad += " completed > started";
	if (r != s - c)
		bad += " running != started - completed";
	if (idle && (p || r || q != c + x))
		bad += " not idle at the end";
	return bad.empty() ? "" : cat("tag ", w[0], ":", bad, " (", w[1], " ", w[2],
				      " ", w[3], " ", w[4], " ", w[5], " ", w[6], ")");
}

// Reads the state files while the writers run: no read may wait for a
// command (5 s is far beyond what a slow guest needs to read one), and
// every works snapshot must be consistent.
void read_state(const Options &opt, std::chrono::steady_clock::time_point deadline,
		Tally &tally)
{
	using namespace std::chrono;

	while (steady_clock::now() < deadline) {
		std::vector<std::vector<std::string>> works;

		for (const char *f : { "works", "last_error", "workqueues", "pools", "workers" }) {
			auto t0 = steady_clock::now();
			auto rows = read_table(opt.dir + "/" + f);
			auto ms = duration_cast<milliseconds>(steady_clock::now() - t0).count();

			tally.sent["read_state"]++;
			if (ms > 5000)
				tally.violations.push_back(cat("reading ", f, " took ", ms, " ms"));
			if (works.empty())
				works = rows;
		}
		for (std::size_t r = 1; r < works.size(); r++) {
			std::string bad = check_tag_line(works[r], false);
			if (!bad.empty())
				tally.violations.push_back("while running: " + bad);
		}
		std::this_thread::sleep_for(milliseconds(20));
	}
}

class Worker {
public:
	Worker(const Options &opt, int id)
		: opt_(opt), id_(id), rng_(opt.seed * 1000003 + id),
		  control_(opt.dir + "/control") {}

	void run(std::chrono::steady_clock::time_point deadline)
	{
		while (std::chrono::steady_clock::now() < deadline) {
			if (pick(100) < 70)
				valid();
			else
				invalid();
		}
		cleanup();
	}

	Tally tally;

private:
	const Options &opt_;
	int id_;
	std::mt19937_64 rng_;
	std::string control_;
	std::vector<std::string> wqs_;	// ours, alive
	int next_wq_ = 0;

	unsigned pick(unsigned n) { return rng_() % n; }
	std::string tag() { return cat("s", id_, "ab"[pick(2)]); }

	// A valid command must succeed, except for documented limits.
	void expect_ok(const std::string &kind, const std::string &cmd,
		       std::initializer_list<int> allowed = {})
	{
		int err = send(control_, cmd);

		tally.sent[kind]++;
		if (!err)
			return;
		if (std::find(allowed.begin(), allowed.end(), err) !=
		    allowed.end()) {
			tally.refused[kind]++;
			return;
		}
		tally.violations.push_back(cat("'", cmd, "' failed: ",
						std::strerror(err)));
	}

	void expect_fail(const std::string &kind, const std::string &cmd)
	{
		int err = send(control_, cmd);

		tally.sent["invalid:" + kind]++;
		if (!err)
			tally.violations.push_back(cat("'", cmd, "' was accepted"));
	}

	void valid()
	{
		if (wqs_.empty() || (wqs_.size() < 3 && pick(10) == 0)) {
			std::string name = cat("s", id_, "w", next_wq_++);
			static const std::array<const char *, 4> flags = {
				"", " flags=highpri", " flags=cpu_intensive",
				" flags=mem_reclaim" };
			expect_ok("create_wq", cat("create_wq wq=", name, flags[pick(4)],
						    " max_active=", pick(8)));
			wqs_.push_back(name);
			return;
		}
		const std::string &wq = wqs_[pick(wqs_.size())];
		switch (pick(13)) {
		case 0:
			expect_ok("set_max_active", cat("set_max_active wq=", wq,
							 " max_active=", pick(16)));
			break;
		case 1:
			expect_ok("flush", cat("flush tag=", tag()),
				  { ENOENT, EBUSY });
			break;
		case 2:
			expect_ok("cancel", cat("cancel tag=", tag()),
				  { ENOENT });
			break;
		case 3:
			expect_ok("flush_wq", cat("flush wq=", wq));
			break;
		case 4:
			if (wqs_.size() > 1) {
				expect_ok("destroy_wq", cat("destroy_wq wq=", wq));
				wqs_.erase(std::find(wqs_.begin(), wqs_.end(), wq));
			}
			break;
		case 5:
			expect_ok("reset_stats", cat("reset_stats wq=", wq));
			break;
		case 6:
			expect_ok("disable", cat("disable tag=", tag()),
				  { ENOENT });
			break;
		case 7:
			expect_ok("enable", cat("enable tag=", tag()),
				  { ENOENT });
			break;
		case 8: {
			// One write, several commands: all must run.
			std::string t = tag();
			expect_ok("several_lines",
				  cat("# batch\nqueue wq=", wq, " tag=", t,
				      " count=", 1 + pick(4), " sleep_us=", pick(2000),
				      "\n\nflush tag=", t, "\n"),
				  { ENOSPC, EBUSY });
			break;
		}
		default:
			expect_ok("queue", cat("queue wq=", wq, " tag=", tag(),
						" count=", 1 + pick(10),
						" spin_us=", pick(3) ? 0 : pick(500),
						" sleep_us=", pick(2) ? 0 : pick(3000),
						" delay_ms=", pick(4) ? 0 : pick(50),
						pick(3) ? "" : cat(" node=", pick(2))),
				  { ENOSPC });
		}
	}

	void invalid()
	{
		static const std::array<const char *, 12> bad = {
			"frobnicate", "create_wq", "create_wq wq=", "queue",
			"queue wq=nope", "queue wq=s0w0 count=0",
			"queue wq=s0w0 count=99999", "queue wq=s0w0 cpu=-3",
			"create_wq wq=x max_active=513", "destroy_wq wq=cmwq_system",
			"flush wq=a tag=b", "set_max_active wq=cmwq_system max_active=x",
		};
		switch (pick(4)) {
		case 0: {
			std::string garbage(1 + pick(64), '\0');
			for (auto &c : garbage)
				c = static_cast<char>(1 + pick(31));
			expect_fail("binary", garbage);
			break;
		}
		case 1:
			if (pick(2))
				expect_fail("too_long", std::string(256 + pick(500), 'q'));
			else
				expect_fail("too_long_write",
					    std::string(4097 + pick(500), '\n'));
			break;
		case 2:
			// Several lines: the bad one ends the write.
			expect_fail("bad_line", pick(2) ? "reset_stats\nfrobnicate\n" :
				    "# fine\nreset_stats\nqueue wq=nope\nreset_stats");
			break;
		default:
			expect_fail("malformed", bad[pick(bad.size())]);
		}
	}

	void cleanup()
	{
		for (const char *t : { "a", "b" }) {
			send(control_, cat("enable tag=s", id_, t));
			int err = send(control_, cat("flush tag=s", id_, t));
			if (err && err != ENOENT)
				tally.violations.push_back(cat("cleanup flush s", id_,
							       t, ": ",
							       std::strerror(err)));
		}
		for (const auto &wq : wqs_) {
			int err = send(control_, cat("destroy_wq wq=", wq));
			if (err)
				tally.violations.push_back(cat("cleanup destroy ", wq,
							       ": ",
							       std::strerror(err)));
		}
	}
};

Options parse(int argc, char **argv)
{
	Options opt;

	for (int i = 1; i + 1 < argc; i += 2) {
		std::string k = argv[i], v = argv[i + 1];

		if (k == "--threads")
			opt.threads = std::stoi(v);
		else if (k == "--seconds")
			opt.seconds = std::stoi(v);
		else if (k == "--seed")
			opt.seed = std::stoull(v);
		else if (k == "--dir")
			opt.dir = v;
		else
			throw std::invalid_argument("unknown option " + k);
	}
	if (opt.threads < 1 || opt.threads > 64 || opt.seconds < 1)
		throw std::invalid_argument("want 1-64 threads, >= 1 second");
	return opt;
}

} // namespace

int main(int argc, char **argv)
{
	Options opt;

	try {
		opt = parse(argc, argv);
	} catch (const std::exception &e) {
		std::cerr << "cmwq_stress: " << e.what() << "\n";
		return 2;
	}

	std::cout << "TAP version 13\n";
	if (::access((opt.dir + "/control").c_str(), W_OK)) {
		std::cout << "1..0 # SKIP no writable " << opt.dir << "/control\n";
		return 4;
	}
	std::cout << "1..4\n";
	std::cout << "# seed " << opt.seed << " threads " << opt.threads
		  << " seconds " << opt.seconds << "\n";
	std::size_t pools_before = read_table(opt.dir + "/pools").size();

	std::vector<Worker> workers;
	for (int i = 0; i < opt.threads; i++)
		workers.emplace_back(opt, i);
	auto deadline = std::chrono::steady_clock::now() +
			std::chrono::seconds(opt.seconds);
	Tally reader;
	{
		std::vector<std::jthread> threads;
		for (auto &w : workers)
			threads.emplace_back([&w, deadline] { w.run(deadline); });
		threads.emplace_back([&opt, &reader, deadline] {
			read_state(opt, deadline, reader);
		});
	}
	Tally all = reader;
	for (const auto &w : workers)
		all.merge(w.tally);

	std::uint64_t total = 0;
	for (const auto &[kind, n] : all.sent) {
		std::cout << "# sent " << std::setw(7) << n << " " << kind;
		if (all.refused.count(kind))
			std::cout << " (" << all.refused[kind]
				  << " refused, as allowed)";
		std::cout << "\n";
		total += n;
	}
	std::cout << (total ? "ok" : "not ok") << " 1 sent " << total
		  << " commands\n";

	for (const auto &v : all.violations)
		std::cout << "# " << v << "\n";
	std::cout << (all.violations.empty() ? "ok" : "not ok")
		  << " 2 every command got the expected answer ("
		  << all.violations.size() << " violations)\n";

	// Every item of our tags: queued = completed + cancelled, nothing left.
	int bad_tags = 0, tags = 0;
	auto works = read_table(opt.dir + "/works");
	for (std::size_t r = 1; r < works.size(); r++) {
		const auto &w = works[r];
		if (w.empty() || w[0].rfind("s", 0) != 0)
			continue;
		tags++;
		std::string bad = check_tag_line(w, true);
		if (!bad.empty()) {
			bad_tags++;
			std::cout << "# " << bad << "\n";
		}
	}
	std::cout << (bad_tags || !tags ? "not ok" : "ok")
		  << " 3 every item started once and completed, or was cancelled ("
		  << tags << " tags)\n";

	int left = 0;
	auto wqs = read_table(opt.dir + "/workqueues");
	for (std::size_t r = 1; r < wqs.size(); r++)
		if (!wqs[r].empty() && wqs[r][0].rfind("s", 0) == 0)
			left++;
	std::size_t pools_after = read_table(opt.dir + "/pools").size();
	std::cout << (!left && pools_after == pools_before ? "ok" : "not ok")
		  << " 4 no workqueue left behind (" << left
		  << "), pools unchanged (" << pools_before - 1 << " -> "
		  << pools_after - 1 << ")\n";
	return all.violations.empty() && !bad_tags && tags && !left &&
	       pools_after == pools_before ? 0 : 1;
}
