# frozen_string_literal: true

# What a YAML reader read, as JSON that keeps what JSON loses (used by the readers and the Jekyll plugin).
#
#   ["str", text]  ["bytes", hex] (a string that is not valid UTF-8, or binary)  ["int", decimal]
#   ["float", 16 hex digits of the IEEE 754 double]  ["bool", true|false]  ["null"]
#   ["date", "YYYY-MM-DD" as Ruby's Date spells it, Julian day number]
#   ["time", class, numerator, denominator, UTC offset in seconds]: the instant as an exact rational of
#   seconds since the epoch  ["list", [items]]  ["map", [[key, value], ...]] (keys typed too)
#   ["other", class, inspect] for anything else.
require "date"
require "json"

module NewsrecordTyped
  module_function

  def encode(value)
    case value
    when nil then ["null"]
    when true, false then ["bool", value]
    when Integer then ["int", value.to_s]
    when Float then ["float", [value].pack("G").unpack1("H*")]
    when String then string(value)
    when Time then time(value)
    when DateTime then ["other", value.class.name, value.inspect]
    when Date then ["date", format("%04d-%02d-%02d", value.year, value.month, value.day), value.jd]
    when Array then ["list", value.map { |item| encode(item) }]
    when Hash then ["map", value.map { |key, item| [encode(key), encode(item)] }]
    else ["other", value.class.name, value.inspect.encode("UTF-8", invalid: :replace, undef: :replace)]
    end
  end

  def string(value)
    utf8 = value.dup.force_encoding(Encoding::UTF_8)
    if value.encoding != Encoding::ASCII_8BIT && utf8.valid_encoding?
      ["str", utf8]
    else
      ["bytes", value.unpack1("H*")]
    end
  end

  def time(value)
    instant = value.to_r
    ["time", value.class.name, instant.numerator.to_s, instant.denominator.to_s, value.utc_offset]
  end

  # An exception as ["error", class, message].
  def error(exception)
    ["error", exception.class.name, exception.message.encode("UTF-8", invalid: :replace, undef: :replace)]
  end

  # Read a JSON array of YAML texts from stdin and print a JSON array with, for each, ["ok", typed value]
  # or ["error", class, message].
  def batch
    texts = JSON.parse($stdin.read)
    results = texts.map do |text|
      ["ok", encode(yield(text))]
    rescue StandardError, SystemStackError => e
      error(e)
    end
    $stdout.write(JSON.generate(results))
  end
end
