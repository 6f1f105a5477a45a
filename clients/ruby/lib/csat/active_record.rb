# frozen_string_literal: true

# csat for ActiveRecord 6.1 on PostgreSQL.
#
#   require "csat/active_record"      # before or after establish_connection
#
# - satisfaction_rating and rating_summary are registered by OID on every
#   connection (no "unknown OID" warning); a rating reads as a Csat::Rating
#   (a Numeric with its scale), a summary as its text.
# - A rating attribute takes what a form or a script gives it: 4, "4", "4.0",
#   "4/5", a Csat::Rating.  The column's scale (satisfaction_rating(5),
#   satisfaction_rating('0-10')) completes a bare number, so writes and
#   where(rating: 4), where(rating: [4, 5]), where(rating: 4..5), find_by and
#   update! send full ratings ("4/5").  A value the scale cannot hold is kept
#   as given: the server rejects it with an error naming it (or use
#   `validates :rating, satisfaction_rating: true` for a form error).
# - Migrations: t.satisfaction_rating :rating, scale: 1..5 (or 0..10), and
#   t.rating_summary :summary.
# - db/schema.rb dumps rating columns as t.column "rating",
#   "satisfaction_rating(5)", and leaves out tables that belong to an
#   extension (csat_alert): `enable_extension "csat"` creates them.
require "active_record"
require "active_record/connection_adapters/postgresql_adapter"
require "csat/rating"

module Csat
  module ActiveRecord
    # "satisfaction_rating(5)", "satisfaction_rating('0-10')", "(1,5)", "(0, 10)"
    # to [lo, hi]; nil when the column has no modifier.
    def self.scale_of(sql_type)
      m = /\(\s*'?\s*(\d+)\s*(?:(?:,|-|\.\.)\s*(\d+)\s*)?'?\s*\)/.match(sql_type.to_s)
      return nil unless m

      m[2] ? [m[1].to_i, m[2].to_i] : [1, m[1].to_i]
    end

    def self.sql_type_for(lo, hi)
      Csat::Rating.check_scale(lo, hi)
      lo == 1 ? "satisfaction_rating(#{hi})" : "satisfaction_rating(#{lo},#{hi})"
    end

    # The attribute type of a satisfaction_rating column.
    class RatingType < ::ActiveModel::Type::Value
      # [lo, hi] from the column's modifier, or nil (ActiveModel's own
      # #scale is a decimal's, and stays nil)
      attr_reader :rating_scale

      def initialize(rating_scale = nil)
        super()
        @rating_scale = rating_scale
      end

      def type
        :satisfaction_rating
      end

      # text from the database; anything else (a numeric result that a
      # query aliased with the column's name) passes through
      def deserialize(value)
        value.is_a?(String) ? Rating.parse(value) : value
      end

      # where(rating: 4) serializes 4 without casting it first: cast here
      def serialize(value)
        r = value.nil? ? nil : cast_value(value)
        r.is_a?(Rating) ? r.to_s : value
      end

      def type_cast_for_schema(value)
        value.to_s.inspect
      end

      def ==(other)
        other.is_a?(RatingType) && other.rating_scale == rating_scale
      end
      alias eql? ==

      def hash
        [self.class, rating_scale].hash
      end

      private

      # A Rating when the input says which one; otherwise the input unchanged,
      # for the validator to report and the server to reject by name.
      def cast_value(value)
        case value
        when Rating then value
        when Integer then rating_scale && value.between?(*rating_scale) ? Rating.new(value, *rating_scale) : value
        when Float, BigDecimal, Rational
          whole = value.respond_to?(:finite?) && !value.finite? ? nil : value.to_i
          whole && whole == value ? cast_value(whole) : value
        when String
          s = value.strip
          return nil if s.empty?

          begin
            Rating.parse(s, scale: rating_scale)
          rescue ArgumentError
            value
          end
        else value
        end
      end
    end

    # `validates :rating, satisfaction_rating: true`: the attribute holds a
    # rating on its column's scale (or nil; add presence: true to forbid it).
    class SatisfactionRatingValidator < ::ActiveModel::EachValidator
      def validate_each(record, attribute, value)
        return if value.nil?

        type = record.class.type_for_attribute(attribute.to_s)
        scale = type.respond_to?(:rating_scale) ? type.rating_scale : nil
        if !value.is_a?(Rating)
          where = scale ? "the scale #{scale[0]}-#{scale[1]}" : "a scale (write '4/5')"
          record.errors.add(attribute, :invalid, message: options[:message] || "#{value.inspect} is not a rating on #{where}")
        elsif scale && value.scale != scale
          record.errors.add(attribute, :invalid, message: options[:message] || "#{value} is not on the scale #{scale[0]}-#{scale[1]}")
        end
      end
    end

    # Registers the types on a connection's type map (after the built-in ones).
    def self.register_types(adapter, map)
      rows = adapter.send(:execute_and_clear, <<~SQL, "SCHEMA", []) { |r| r.values }
        SELECT t.oid, t.typname, t.typarray
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
        JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'csat'
        WHERE t.typname IN ('satisfaction_rating', 'rating_summary')
      SQL
      rows.each do |oid, name, array_oid|
        oid = oid.to_i
        array_oid = array_oid.to_i
        if name == "satisfaction_rating"
          map.register_type(oid) { |_, _fmod, sql_type| RatingType.new(scale_of(sql_type)) }
          map.register_type(array_oid) do |_, _fmod, sql_type|
            ::ActiveRecord::ConnectionAdapters::PostgreSQL::OID::Array.new(RatingType.new(scale_of(sql_type)))
          end
        else
          summary = ::ActiveRecord::ConnectionAdapters::PostgreSQL::OID::SpecializedString.new(:rating_summary)
          map.register_type(oid, summary)
          map.register_type(array_oid, ::ActiveRecord::ConnectionAdapters::PostgreSQL::OID::Array.new(summary))
        end
      end
    end

    NATIVE_TYPES = {
      satisfaction_rating: { name: "satisfaction_rating" },
      rating_summary: { name: "rating_summary" }
    }.freeze

    module AdapterExtension
      def native_database_types
        super.merge(NATIVE_TYPES)
      end

      private

      def initialize_type_map(m = type_map)
        super
        Csat::ActiveRecord.register_types(self, m)
      end
    end

    # t.satisfaction_rating :rating, scale: 1..5; t.rating_summary :summary
    module ColumnMethods
      def satisfaction_rating(*names, scale: nil, **options)
        type = scale ? Csat::ActiveRecord.sql_type_for(scale.first, scale.last) : "satisfaction_rating"
        names.each { |name| column(name, type, **options) }
      end

      def rating_summary(*names, **options)
        names.each { |name| column(name, :rating_summary, **options) }
      end
    end

    module SchemaDumperExtension
      private

      # t.column "rating", "satisfaction_rating(5)": the type with its scale
      def column_spec(column)
        type, spec = super
        type = column.sql_type if type == :satisfaction_rating && Csat::ActiveRecord.scale_of(column.sql_type)
        [type, spec]
      end

      # tables an extension created (csat_alert) come back with enable_extension
      def ignored?(table_name)
        super || extension_tables.include?(table_name.to_s)
      end

      def extension_tables
        @extension_tables ||= @connection.select_values(<<~SQL, "SCHEMA")
          SELECT c.relname FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
          WHERE c.relnamespace IN (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY (pg_catalog.current_schemas(false)))
        SQL
      end
    end
  end
end

ActiveRecord::ConnectionAdapters::PostgreSQLAdapter.prepend(Csat::ActiveRecord::AdapterExtension)
ActiveRecord::ConnectionAdapters::PostgreSQL::ColumnMethods.include(Csat::ActiveRecord::ColumnMethods)
ActiveRecord::ConnectionAdapters::PostgreSQL::SchemaDumper.prepend(Csat::ActiveRecord::SchemaDumperExtension)
# `validates :rating, satisfaction_rating: true` finds the validator by this name
SatisfactionRatingValidator = Csat::ActiveRecord::SatisfactionRatingValidator unless defined?(SatisfactionRatingValidator)
# connections opened before this file was loaded learn the types now
ActiveRecord::Base.connection_pool.connections.each { |c| c.send(:reload_type_map) } if ActiveRecord::Base.connected?
