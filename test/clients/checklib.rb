# The small harness the Ruby client tests share (as checklib.py for Python):
# check(name) { ... } runs a check at once and prints PASS (with the detail
# the block returns) or FAIL (with the exception); expect asserts;
# finish(client) prints the closing line and exits 1 if any check failed.
# $warnings keeps what Kernel#warn printed (ActiveRecord's "unknown OID").
require "stringio"

$failures = []
$warnings = StringIO.new

module Kernel
  alias_method :csat_checklib_warn, :warn
  def warn(*msgs, **kw)
    msgs.each { |m| $warnings.puts(m) }
    csat_checklib_warn(*msgs, **kw) if ENV["CSAT_SHOW_WARNINGS"]
  end
end

def check(name)
  detail = yield
  puts "PASS #{name}#{detail ? " (#{detail})" : ""}"
rescue StandardError, ScriptError => e
  $failures << name
  puts "FAIL #{name}: #{e.class}: #{e.message.lines.first&.strip}"
end

def expect(cond, msg)
  raise msg unless cond
end

def finish(client)
  if $failures.empty?
    puts "#{client}: all checks passed"
  else
    puts "#{client}: #{$failures.size} check(s) failed: #{$failures.join(', ')}"
    exit 1
  end
end
