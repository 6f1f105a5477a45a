# ActiveRecord 6.1 (Debian's ruby-activerecord, ruby-pg) with clients/ruby's
# csat/active_record: a migration with rating columns, writes of what forms
# send (4, "4", "4.0", "4/5"), reads as Csat::Rating, the where forms of the
# Rails guides (=, IN, ranges, >= with a parameter), find_by, update!,
# aggregates, validation, and db/schema.rb: rating columns dumped with their
# scale, csat_alert left out, the dump loaded back.  Connects with the PG*
# environment variables; prints PASS/FAIL per check, exits 1 on any failure.
$LOAD_PATH.unshift File.expand_path("../../clients/ruby/lib", __dir__)
require "bigdecimal"
require_relative "checklib"

require "active_record"

ActiveRecord::Base.establish_connection(adapter: "postgresql", database: ENV.fetch("PGDATABASE"))
ActiveRecord::Migration.verbose = false
conn = ActiveRecord::Base.connection
# loaded after the connection was made (README's snippet loads it before):
# the open connection learns the types too
require "csat/active_record"

ActiveRecord::Schema.define do
  enable_extension "csat"
  create_table :surveys, force: true do |t|
    t.string :agent
    t.satisfaction_rating :rating, scale: 1..5
    t.satisfaction_rating :nps, scale: 0..10
    t.satisfaction_rating :effort, scale: 1..7, default: "4/7"
    t.timestamps
  end
end

class Survey < ActiveRecord::Base; end

class ValidatedSurvey < ActiveRecord::Base
  self.table_name = "surveys"
  validates :rating, satisfaction_rating: true
end

check("migration: columns with their scale") do
  types = conn.select_rows(<<~SQL).to_h
    SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
    WHERE attrelid = 'surveys'::regclass AND attname IN ('rating', 'nps', 'effort')
  SQL
  expect(types == { "rating" => "satisfaction_rating(5)", "nps" => "satisfaction_rating('0-10')",
                    "effort" => "satisfaction_rating(7)" }, "column types #{types}")
  types.values.join(", ")
end

check("create! with what forms and scripts send") do
  Survey.create!(agent: "ana", rating: 4, nps: 9)
  Survey.create!(agent: "ana", rating: "5", nps: "10")
  Survey.create!(agent: "ana", rating: "2/5", nps: "0")
  Survey.create!(agent: "ben", rating: 4.0, nps: BigDecimal("7"))
  Survey.create!(agent: "ben", rating: Csat::Rating.new(3, 1, 5), nps: "6.0")
  Survey.create!(agent: "ben", rating: nil, nps: nil)
  stored = conn.select_values("SELECT rating::text || ' ' || coalesce(nps::text, '-') FROM surveys ORDER BY id")
  expect(stored == ["4/5 9/0-10", "5/5 10/0-10", "2/5 0/0-10", "4/5 7/0-10", "3/5 6/0-10", nil],
         "stored #{stored.inspect}")
  stored.compact.join(", ")
end

check("read: Csat::Rating with its scale, a number") do
  s = Survey.order(:id).first
  r = s.rating
  expect(r.is_a?(Csat::Rating) && r.is_a?(Numeric), "rating is a #{r.class}")
  expect(r.value == 4 && r.scale == [1, 5] && r.to_s == "4/5", "rating #{r.inspect}")
  expect(r == 4 && r >= 4 && r < 5 && r + 1 == 5 && r.to_i == 4, "numeric behaviour of #{r.inspect}")
  expect(s.nps.to_s == "9/0-10" && s.nps.scale == [0, 10], "nps #{s.nps.inspect}")
  expect(s.effort.to_s == "4/7", "column default #{s.effort.inspect}")
  expect(r != Csat::Rating.new(4, 1, 7) && r == Csat::Rating.parse("4/1-5"), "rating equality is value and scale")
  "#{r.inspect}, #{s.nps.inspect}, normalized #{r.normalized}"
end

check("pluck reads ratings too") do
  got = Survey.where.not(rating: nil).order(:id).pluck(:rating)
  expect(got.map(&:to_s) == %w[4/5 5/5 2/5 4/5 3/5], "pluck #{got.inspect}")
  expect(got.all? { |x| x.is_a?(Csat::Rating) }, "pluck classes #{got.map(&:class).uniq}")
  got.map(&:to_s).join(" ")
end

check("where(rating: 4), where(rating: '4')") do
  a = Survey.where(rating: 4).count
  b = Survey.where(rating: "4").count
  c = Survey.where(rating: "4/5").count
  expect([a, b, c] == [2, 2, 2], "counts #{[a, b, c]}")
  "#{a} each"
end

check("where(rating: [4, 5]) (IN)") do
  ids = Survey.where(rating: [4, 5]).order(:id).pluck(:id).size
  n = Survey.where(nps: [9, 10]).count
  expect(ids == 3 && n == 2, "IN counts #{ids}, #{n}")
  "#{ids} ratings, #{n} promoters"
end

check("where(rating: 4..5) and open ranges") do
  a = Survey.where(rating: 4..5).count
  b = Survey.where(nps: 9..).count
  c = Survey.where(nps: ..6).count
  expect([a, b, c] == [3, 2, 2], "range counts #{[a, b, c]}")
  "4..5: #{a}, 9..: #{b}, ..6: #{c}"
end

check("where('rating >= ?', n) and Arel gteq, as the guides write them") do
  a = Survey.where("rating >= ?", 4).count
  b = Survey.where(Survey.arel_table[:rating].gteq(4)).count
  c = Survey.where("nps >= :min", min: 9).count
  expect([a, b, c] == [3, 3, 2], "counts #{[a, b, c]}")
  "#{a}, #{b}, #{c}"
end

check("find_by(rating: 5), find_by(rating: '5')") do
  a = Survey.find_by(rating: 5)
  b = Survey.find_by(rating: "5")
  expect(a && a == b && a.nps.to_s == "10/0-10", "find_by #{a.inspect}")
  "id #{a.id}"
end

check("update!(rating: 2), update_all, dirty tracking") do
  s = Survey.find_by(rating: 5)
  s.update!(rating: 2)
  expect(s.reload.rating.to_s == "2/5", "after update! #{s.rating}")
  s.rating = "2"
  expect(!s.changed?, "assigning the same rating as text marks it changed")
  s.rating = 3
  expect(s.changed == ["rating"], "changed #{s.changed}")
  s.save!
  Survey.where(rating: 3).update_all(nps: 8)
  got = conn.select_values("SELECT nps::text FROM surveys WHERE rating = '3/5' ORDER BY id")
  expect(s.reload.rating.to_s == "3/5" && got == %w[8/0-10 8/0-10], "after save #{s.rating}, #{got}")
  "#{s.rating}"
end

check("aggregates: csat_pct, nps, ces_avg per agent as BigDecimal") do
  rows = Survey.group(:agent).order(:agent)
               .pluck(:agent, Arel.sql("csat_pct(rating)"), Arel.sql("nps(nps) AS nps_score"), Arel.sql("ces_avg(rating)"))
  # independently: ana 4/5 3/5 2/5 (csat 1 of 3), ben 4/5 3/5 (1 of 2)
  expect(rows.map(&:first) == %w[ana ben], "agents #{rows}")
  ana, ben = rows
  expect(ana[1].is_a?(BigDecimal) && (ana[1] - BigDecimal(100) / 3).abs < BigDecimal("1e-12"), "ana csat #{ana[1]}")
  expect(ben[1] == 50, "ben csat #{ben[1]}")
  # ana nps 9, 8, 0: one promoter, one detractor; ben 7, 8: none
  expect(ana[2] == 0 && ben[2] == 0, "nps #{ana[2]} #{ben[2]}")
  expect((ana[3] - 3).abs < BigDecimal("1e-12") && ben[3] == BigDecimal("3.5"), "ces_avg #{ana[3]} #{ben[3]}")
  tot = Survey.pick(Arel.sql("csat_pct(rating)"))
  expect(tot == 40, "csat_pct over all #{tot}")
  rows.map { |r| "#{r[0]} #{r[1].round(2).to_s('F')}" }.join(", ")
end

check("calculate and having, as the querying guide writes them") do
  busy = Survey.group(:agent).having("count(rating) >= ?", 3).count(:rating)
  expect(busy == { "ana" => 3 }, "having #{busy}")
  low = Survey.where(rating: ..3).group(:agent).order(:agent).count
  expect(low == { "ana" => 2, "ben" => 1 }, "low per agent #{low}")
  "count(rating) per agent #{busy}, low #{low}"
end

check("a rating off the column's scale is an error naming it, never stored") do
  before = Survey.count
  [7, "4/7", 4.5].each do |bad|
    Survey.create!(rating: bad)
    raise "#{bad.inspect} into satisfaction_rating(5) was accepted"
  rescue ActiveRecord::StatementInvalid => e
    expect(e.message.include?(bad.to_s), "the error does not name #{bad}: #{e.message}")
  end
  expect(Survey.count == before, "rows were added")
  "7, 4/7, 4.5 refused"
end

check("validates :rating, satisfaction_rating: true") do
  ok = ValidatedSurvey.new(rating: "5")
  bad = ValidatedSurvey.new(rating: 6)
  other = ValidatedSurvey.new(rating: "4/7")
  junk = ValidatedSurvey.new(rating: "great")
  expect(ok.valid?, "5 invalid: #{ok.errors.full_messages}")
  expect(!bad.valid? && bad.errors[:rating].first.include?("1-5"), "6: #{bad.errors.full_messages}")
  expect(!other.valid? && other.errors[:rating].first.include?("4/7"), "4/7: #{other.errors.full_messages}")
  expect(!junk.valid?, "great is valid")
  bad.errors.full_messages.first
end

check("rating_summary reads as text, merges in SQL") do
  s = Survey.pick(Arel.sql("rating_summary(rating)"))
  expect(s.is_a?(String) && s.start_with?("{v1 scale 1-5"), "summary #{s.inspect}")
  s
end

check("Csat::Rating orders as SQL does, across scales") do
  sql = conn.select_values(<<~SQL)
    SELECT x.r::text AS t FROM (
      SELECT rating(v, lo, hi) AS r
      FROM (VALUES (1, 5), (0, 10), (1, 7), (1, 3), (0, 5), (1, 10)) s(lo, hi), generate_series(0, 10) v
      WHERE v BETWEEN lo AND hi) x
    ORDER BY x.r
  SQL
  ruby = sql.map { |t| Csat::Rating.parse(t) }.shuffle(random: Random.new(18)).sort.map(&:to_s)
  expect(ruby == sql, "Ruby's order differs from SQL's at #{ruby.zip(sql).index { |a, b| a != b }}")
  "#{sql.size} ratings on 6 scales"
end

check("no unknown OID warning") do
  Survey.connection.select_all("SELECT rating, nps, rating_summary(rating) OVER () AS s FROM surveys").to_a
  expect(!$warnings.string.include?("unknown OID"), "warned: #{$warnings.string}")
  nil
end

dump = StringIO.new
check("schema.rb: rating columns with their scale, csat_alert left out") do
  ActiveRecord::SchemaDumper.dump(conn, dump)
  text = dump.string
  expect(!text.include?("Could not dump"), "dump failed:\n#{text}")
  expect(text.include?('enable_extension "csat"'), "no enable_extension csat")
  expect(text.include?('t.column "rating", "satisfaction_rating(5)"'), "rating column missing:\n#{text}")
  expect(text.include?(%q{t.column "nps", "satisfaction_rating('0-10')"}), "nps column missing:\n#{text}")
  expect(text.include?('t.column "effort", "satisfaction_rating(7)", default: "4/7"'), "effort column missing:\n#{text}")
  expect(!text.include?("csat_alert"), "csat_alert dumped:\n#{text}")
  text.lines.grep(/satisfaction_rating/).map(&:strip).join("; ")
end

check("schema.rb loads back: same column types") do
  conn.drop_table :surveys
  eval(dump.string) # rubocop:disable Security/Eval: what db:schema:load does
  types = conn.select_values(<<~SQL)
    SELECT format_type(atttypid, atttypmod) FROM pg_attribute
    WHERE attrelid = 'surveys'::regclass AND attname IN ('rating', 'nps', 'effort') ORDER BY attnum
  SQL
  expect(types == ["satisfaction_rating(5)", "satisfaction_rating('0-10')", "satisfaction_rating(7)"], "types #{types}")
  Survey.reset_column_information
  Survey.create!(rating: 5, nps: 10)
  expect(Survey.where(rating: 5).pick(:effort).to_s == "4/7", "default after load")
  types.join(", ")
end

finish("activerecord")
