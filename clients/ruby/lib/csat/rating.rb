# frozen_string_literal: true

module Csat
  # A survey answer: the value on its integer scale lo..hi (0 <= lo < hi <= 10),
  # what PostgreSQL's satisfaction_rating holds.
  #
  #   r = Csat::Rating.parse("4/5")   # => #<Csat::Rating 4/5>
  #   r.value, r.lo, r.hi             # => 4, 1, 5
  #   r.to_s                          # => "4/5"  (canonical text: V/H, or V/L-H when lo != 1)
  #   r >= 4                          # => true   (an integer compares with the value, as in SQL)
  #   r.normalized                    # => 0.75
  #
  # Two ratings are equal when value and scale are equal; they are ordered by
  # normalized position, ties by scale, as in SQL.
  class Rating < Numeric
    TEXT = %r{\A\s*(\d+)\s*/\s*(?:(\d+)\s*(?:-|\.\.)\s*)?(\d+)\s*\z}.freeze
    BARE = /\A\s*(\d+)(?:\.0*)?\s*\z/.freeze

    attr_reader :value, :lo, :hi

    def self.check_scale(lo, hi)
      return if lo.is_a?(Integer) && hi.is_a?(Integer) && lo >= 0 && lo < hi && hi <= 10

      raise ArgumentError, "invalid scale #{lo}-#{hi}: a scale lo-hi needs 0 <= lo < hi <= 10"
    end

    def initialize(value, lo = 1, hi = 5)
      super()
      self.class.check_scale(lo, hi)
      unless value.is_a?(Integer) && value >= lo && value <= hi
        raise ArgumentError, "rating value #{value.inspect} is out of range for scale #{lo}-#{hi}"
      end

      @value = value
      @lo = lo
      @hi = hi
      freeze
    end

    # '4/5', '9/0-10', '9/0..10'; with scale: [lo, hi] also a bare '4' or '4.0'
    # on that scale.  Anything else raises ArgumentError naming the text.
    def self.parse(text, scale: nil)
      s = text.to_s
      if (m = TEXT.match(s))
        lo = m[2] ? m[2].to_i : 1
        r = new(m[1].to_i, lo, m[3].to_i)
        if scale && r.scale != scale
          raise ArgumentError, "rating #{r} is not on the scale #{scale[0]}-#{scale[1]}"
        end

        return r
      end
      return new(Regexp.last_match(1).to_i, *scale) if scale && BARE.match(s)

      hint = scale ? "a whole number #{scale[0]}..#{scale[1]} or " : ""
      raise ArgumentError, "invalid satisfaction_rating #{text.inspect}: write #{hint}'4/5' or '9/0-10'"
    end

    # The 2-byte binary form: the value, then the scale as lo << 4 | hi.
    def self.from_binary(bytes)
      raise ArgumentError, "binary satisfaction_rating is 2 bytes, got #{bytes.bytesize}" unless bytes.bytesize == 2

      v, s = bytes.unpack("CC")
      new(v, s >> 4, s & 15)
    end

    def to_binary
      [value, lo << 4 | hi].pack("CC")
    end

    def scale
      [lo, hi]
    end

    def normalized
      (value - lo).fdiv(hi - lo)
    end

    def to_s
      lo == 1 ? "#{value}/#{hi}" : "#{value}/#{lo}-#{hi}"
    end

    def inspect
      "#<Csat::Rating #{self}>"
    end

    def to_i
      value
    end
    alias to_int to_i

    def to_f
      value.to_f
    end

    def integer?
      true
    end

    # arithmetic is on the value: rating + 1, rating * 2.0
    %i[+ - * / % ** fdiv divmod].each do |op|
      define_method(op) { |other| value.public_send(op, other.is_a?(Rating) ? other.value : other) }
    end

    def -@
      -value
    end

    # 4 + rating, 4 <=> rating: the integer meets the value
    def coerce(other)
      [other, value]
    end

    def <=>(other)
      case other
      when Rating
        c = (value - lo) * (other.hi - other.lo) <=> (other.value - other.lo) * (hi - lo)
        c.zero? ? [hi - lo, lo] <=> [other.hi - other.lo, other.lo] : c
      when Numeric
        value <=> other
      end
    end

    def ==(other)
      case other
      when Rating then eql?(other)
      when Numeric then value == other
      else false
      end
    end

    def eql?(other)
      other.is_a?(Rating) && [value, lo, hi] == [other.value, other.lo, other.hi]
    end

    def hash
      [self.class, value, lo, hi].hash
    end
  end
end
