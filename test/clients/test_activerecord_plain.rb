# ActiveRecord 6.1 WITHOUT clients/ruby's adapter: a Rails application's
# ordinary code (no casts) against the server.  ActiveRecord sends every
# value as an untyped text parameter ('4'); the server puts a bare number on
# the column's scale and compares it with a rating's value.  Reads are text
# ("4/5"), with ActiveRecord's "unknown OID" warning.  Connects with the PG*
# environment variables; exits 1 on any failure.
require "active_record"
require_relative "checklib"

ActiveRecord::Base.establish_connection(adapter: "postgresql", database: ENV.fetch("PGDATABASE"))
conn = ActiveRecord::Base.connection
conn.execute("DROP TABLE IF EXISTS surveys")
conn.execute("CREATE TABLE surveys (id bigserial PRIMARY KEY, agent text, rating satisfaction_rating(5), nps satisfaction_rating(0,10))")

class Survey < ActiveRecord::Base; end

check("create!(rating: 4), (rating: '5'), (rating: '4/5')") do
  Survey.create!(agent: "ana", rating: 4, nps: 9)
  Survey.create!(agent: "ana", rating: "5", nps: "10")
  Survey.create!(agent: "ben", rating: "2/5", nps: 0)
  Survey.create!(agent: "ben", rating: 4.0, nps: 7)
  got = conn.select_values("SELECT rating::text || ' ' || nps::text FROM surveys ORDER BY id")
  expect(got == ["4/5 9/0-10", "5/5 10/0-10", "2/5 0/0-10", "4/5 7/0-10"], "stored #{got}")
  got.join(", ")
end

check("reads as text, with an unknown OID warning") do
  v = Survey.order(:id).first.rating
  expect(v == "4/5", "read #{v.inspect}")
  expect($warnings.string.include?("unknown OID"), "no warning: #{$warnings.string.inspect}")
  "#{v.inspect}; #{$warnings.string.lines.first.strip}"
end

check("where(rating: 4), [4, 5], 4..5, find_by, 'rating >= ?'") do
  got = [Survey.where(rating: 4).count, Survey.where(rating: [4, 5]).count, Survey.where(rating: 4..5).count,
         Survey.find_by(rating: 5)&.agent, Survey.where("rating >= ?", 4).count, Survey.where(nps: 9..).count]
  expect(got == [2, 3, 3, "ana", 3, 2], "got #{got}")
  got.inspect
end

check("update!(rating: 2)") do
  s = Survey.find_by(rating: 5)
  s.update!(rating: 2)
  v = conn.select_value("SELECT rating::text FROM surveys WHERE id = #{s.id}")
  expect(v == "2/5", "after update #{v}")
  v
end

check("off the scale: an error naming the value") do
  Survey.create!(rating: 6)
  raise "6 stored"
rescue ActiveRecord::StatementInvalid => e
  expect(e.message.include?("6") && !e.message.include?("no scale"), e.message)
  e.message.lines.first.strip
end

check("aggregates") do
  pct = Survey.pick(Arel.sql("csat_pct(rating)"))
  expect(pct.is_a?(BigDecimal) && pct == 50, "csat_pct #{pct.inspect}")
  pct.to_s
end

check("schema.rb cannot dump the table") do
  dump = StringIO.new
  ActiveRecord::SchemaDumper.dump(conn, dump)
  expect(dump.string.include?('Could not dump table "surveys"'), "dumped:\n#{dump.string}")
  dump.string.lines.grep(/Unknown type/).first.strip
end

finish("activerecord (no adapter)")
